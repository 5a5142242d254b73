// The wire texts the load generator exchanges with the worker, prepared once so that thousands of calls
// cost the generator as little as possible. Voice Live events are shaped as the service sends them
// (research/voicelive.md §4); `checkWireTexts` proves each one parses as the product's codec expects.
import { encodeAcsAudioData, parseServerEvent } from "@acs-voice/shared";

const APPEND_PREFIX = '{"type":"input_audio_buffer.append","audio":"';
const AUDIO_DATA_PREFIX = '{"Kind":"AudioData","AudioData":{"Data":"';
const AUDIO_DATA_SUFFIX_LENGTH = encodeAcsAudioData("").length - AUDIO_DATA_PREFIX.length - 1;

export function sessionCreatedText(sessionId: string, sampleRateHz: number): string {
  return JSON.stringify({
    type: "session.created",
    event_id: `event_${sessionId}_0`,
    session: {
      id: sessionId,
      object: "realtime.session",
      model: "gpt-realtime",
      modalities: ["text", "audio"],
      input_audio_format: "pcm16",
      output_audio_format: "pcm16",
      input_audio_sampling_rate: sampleRateHz,
    },
  });
}

export function sessionUpdatedText(sessionId: string): string {
  return JSON.stringify({
    type: "session.updated",
    event_id: `event_${sessionId}_1`,
    session: { id: sessionId },
  });
}

export function responseCreatedText(responseId: string): string {
  return JSON.stringify({
    type: "response.created",
    event_id: `event_${responseId}_c`,
    response: {
      id: responseId,
      object: "realtime.response",
      status: "in_progress",
      status_details: null,
      output: [],
    },
  });
}

export function audioDeltaText(responseId: string, itemId: string, base64Pcm: string): string {
  return JSON.stringify({
    type: "response.audio.delta",
    event_id: `event_${responseId}_d`,
    response_id: responseId,
    item_id: itemId,
    output_index: 0,
    content_index: 0,
    delta: base64Pcm,
  });
}

export function audioDoneText(responseId: string, itemId: string): string {
  return JSON.stringify({
    type: "response.audio.done",
    event_id: `event_${responseId}_a`,
    response_id: responseId,
    item_id: itemId,
    output_index: 0,
    content_index: 0,
  });
}

export function responseDoneText(responseId: string, status: "completed" | "cancelled"): string {
  return JSON.stringify({
    type: "response.done",
    event_id: `event_${responseId}_z`,
    response: { id: responseId, object: "realtime.response", status, status_details: null, output: [] },
  });
}

export function speechStartedText(itemId: string, audioStartMs: number): string {
  return JSON.stringify({
    type: "input_audio_buffer.speech_started",
    event_id: `event_${itemId}_s`,
    audio_start_ms: audioStartMs,
    item_id: itemId,
  });
}

/** Throws if any prepared event would not reach the worker as the event it stands for. */
export function checkWireTexts(): void {
  const samples = [
    sessionCreatedText("sess_check", 24000),
    sessionUpdatedText("sess_check"),
    responseCreatedText("resp_check"),
    audioDeltaText("resp_check", "item_check", "AAAA"),
    audioDoneText("resp_check", "item_check"),
    responseDoneText("resp_check", "cancelled"),
    speechStartedText("item_check", 0),
  ];
  for (const text of samples) {
    const event = parseServerEvent(text);
    if (event.type === "invalid" || event.type === "unknown") {
      throw new Error(`load generator: a prepared Voice Live event does not parse (${event.type})`);
    }
  }
  if (appendedAudioBytes(`${APPEND_PREFIX}AAAA"}`) !== 3)
    throw new Error("load generator: append reader broken");
  if (outboundAudioBytes(encodeAcsAudioData("AAAAAA==")) !== 4)
    throw new Error("load generator: AudioData reader broken");
}

/** PCM bytes in an `input_audio_buffer.append` text, or -1 for any other message. */
export function appendedAudioBytes(text: string): number {
  if (!text.startsWith(APPEND_PREFIX)) return -1;
  const end = text.indexOf('"', APPEND_PREFIX.length);
  if (end < 0) return -1;
  return base64Bytes(text, APPEND_PREFIX.length, end);
}

/**
 * PCM bytes in one outbound AudioData frame as the worker encodes it, -2 for StopAudio, -1 for anything
 * else. Read from the text's length rather than a JSON parse: the generator reads 25,000 of these a
 * second at 500 calls and shares a core with the Voice Live side.
 */
export function outboundAudioBytes(text: string): number {
  if (text.startsWith(AUDIO_DATA_PREFIX)) {
    const end = text.length - AUDIO_DATA_SUFFIX_LENGTH - 1;
    if (end < AUDIO_DATA_PREFIX.length || text.charCodeAt(end) !== 34) return -1;
    return base64Bytes(text, AUDIO_DATA_PREFIX.length, end);
  }
  return text.includes('"StopAudio"') && text.includes('"Kind":"StopAudio"') ? -2 : -1;
}

function base64Bytes(text: string, start: number, end: number): number {
  const length = end - start;
  let padding = 0;
  if (length > 0 && text.charCodeAt(end - 1) === 61) padding++;
  if (length > 1 && text.charCodeAt(end - 2) === 61) padding++;
  return (length / 4) * 3 - padding;
}
