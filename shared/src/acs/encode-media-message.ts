/*
 * Outbound messages (media worker -> ACS) on a bidirectional media stream.
 *
 * The official clients disagree on the shape:
 *   JS SDK 1.6.0 createOutboundAudioData: {"kind":"audioData","audioData":{"data":…,"isSilent":false},"stopAudio":{}}
 *   Java SDK OutStreamingData:            {"kind":"AudioData","audioData":{"data":…,"timestamp":null,…},"stopAudio":null}
 *   .NET SDK OutStreamingData (System.Text.Json defaults + JsonStringEnumConverter) and the MS Learn
 *   Python quickstart:                    {"Kind":"AudioData","AudioData":{"Data":…},"StopAudio":null}
 * All of them are shipped against the same service, so it must read property names case-insensitively.
 *
 * We send the PascalCase shape of the MS Learn Python quickstart, byte for byte, because:
 *   - its kind values `AudioData` / `StopAudio` are what .NET, Java and the docs send; the JS helper's
 *     `audioData` / `stopAudio` is the lone outlier (and the JS SDK's own parser rejects it);
 *   - the JS helper also puts `"stopAudio":{}` into every audio frame, where every other client sends
 *     null: a frame that both carries audio and asks to stop it is ambiguous, and we do not want
 *     barge-in semantics to hang on which field the service looks at first;
 *   - it is the documented wire example, and the .NET SDK (the most used one) emits the same names.
 * Not verified against a live ACS resource. Golden tests in shared/test/acs pin the exact text and
 * compare it with the JS SDK helpers' output.
 */

const STOP_AUDIO = '{"Kind":"StopAudio","AudioData":null,"StopAudio":{}}';

/** One outbound audio frame. Built as text: 50 of these a second per call need no object graph. */
export function encodeAcsAudioData(base64Pcm: string): string {
  // JSON.stringify quotes the payload, so a caller passing non-base64 text cannot break the frame.
  return `{"Kind":"AudioData","AudioData":{"Data":${JSON.stringify(base64Pcm)}},"StopAudio":null}`;
}

/** Tells ACS to drop the audio it has queued for playback (barge-in). */
export function encodeAcsStopAudio(): string {
  return STOP_AUDIO;
}
