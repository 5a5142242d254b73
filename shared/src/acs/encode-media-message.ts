/*
 * Outbound messages (media worker -> ACS) on a bidirectional media stream.
 *
 * The official clients disagree on the shape of an audio frame:
 *   JS SDK 1.6.0 createOutboundAudioData   {"kind":"audioData","audioData":{"data":…,"isSilent":false},"stopAudio":{}}
 *   Java SDK OutStreamingData (MediaKind)  {"kind":"AudioData","audioData":{"data":…,"timestamp":null,…},"stopAudio":null}
 *   .NET SDK OutStreamingData              {"Kind":"AudioData","AudioData":{"Data":…,…},"StopAudio":null}
 *     (System.Text.Json defaults, MediaKind has a JsonStringEnumConverter)
 *   MS Learn Python quickstart             {"Kind":"AudioData","AudioData":{"Data":…},"StopAudio":null}
 * All of them ship against the same service, so it must read property names case-insensitively.
 *
 * We send the MS Learn Python quickstart's shape, byte for byte, because:
 *   - its kind values `AudioData` / `StopAudio` are what .NET, Java and the docs send; the JS helper's
 *     `audioData` / `stopAudio` is the lone outlier (and the JS SDK's own inbound parser rejects it);
 *   - the JS helper also puts `"stopAudio":{}` into every audio frame where every other client sends
 *     null; a frame that both carries audio and asks to stop it is ambiguous, and barge-in must not
 *     depend on which field the service happens to look at;
 *   - it is the documented wire example, and its names are the ones the .NET SDK emits.
 * Not verified against a live ACS resource. Golden tests in shared/test/acs pin the exact text and
 * record how it differs from the JS SDK helpers' output.
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
