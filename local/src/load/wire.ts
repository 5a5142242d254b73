// The wire texts the load generator exchanges with the worker, prepared once so that thousands of calls
// cost the generator as little as possible. Voice Live events are shaped as the service sends them
// (the session events in the recorded shape of local/src/voicelive); `checkWireTexts` proves each one
// parses as the product's codec expects.
import { encodeAcsAudioData, encodeAudioAppend, parseServerEvent } from "@acs-voice/shared";
import {
  applySessionUpdate,
  defaultSessionConfig,
  type JsonObject,
  sessionOnWire,
} from "../voicelive/session-config.js";

const APPEND_PREFIX_BYTES = Buffer.from('{"type":"input_audio_buffer.append","audio":"', "latin1");
const AUDIO_DATA_PREFIX_BYTES = Buffer.from('{"Kind":"AudioData","AudioData":{"Data":"', "latin1");
const AUDIO_DATA_SUFFIX_LENGTH = encodeAcsAudioData("").length - AUDIO_DATA_PREFIX_BYTES.length - 1;
const QUOTE = 34;
const EQUALS = 61;

/** How long a load session lives, as the service reports it in `expires_at`. */
const SESSION_LIFETIME_SEC = 30 * 60;

function sessionConfig(sessionId: string): JsonObject {
  return defaultSessionConfig({
    id: sessionId,
    model: "gpt-realtime",
    expiresAtSec: Math.floor(Date.now() / 1000) + SESSION_LIFETIME_SEC,
    apiVersion: undefined,
  });
}

/** session.created as the service sends it (recorded shape: every field, unset ones null). */
export function sessionCreatedText(sessionId: string): string {
  return JSON.stringify({
    type: "session.created",
    event_id: `event_${sessionId}_0`,
    session: sessionOnWire(sessionConfig(sessionId)),
  });
}

/**
 * session.updated as the service sends it: the whole effective session with the client's
 * `session.update` applied (`updateText`, once per call, so parsing it costs nothing that matters).
 * The worker checks this answer (turn detection, audio formats and rates): a bare acknowledgement
 * would end every call as unusable.
 */
export function sessionUpdatedText(sessionId: string, updateText: string): string {
  const base = sessionConfig(sessionId);
  let update: unknown;
  try {
    update = (JSON.parse(updateText) as { session?: unknown }).session;
  } catch {
    update = undefined;
  }
  const applied = applySessionUpdate(base, update, undefined);
  return JSON.stringify({
    type: "session.updated",
    event_id: `event_${sessionId}_1`,
    session: sessionOnWire(applied.ok ? applied.config : base),
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
    sessionCreatedText("sess_check"),
    sessionUpdatedText(
      "sess_check",
      '{"type":"session.update","session":{"voice":{"name":"alloy","type":"openai"}}}',
    ),
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
  if (appendedAudioBytes(Buffer.from(encodeAudioAppend("AAAA"))) !== 3)
    throw new Error("load generator: append reader broken");
  if (outboundAudioBytes(Buffer.from(encodeAcsAudioData("AAAAAA=="))) !== 4)
    throw new Error("load generator: AudioData reader broken");
}

/** PCM bytes in an `input_audio_buffer.append` message, or -1 for any other message. */
export function appendedAudioBytes(message: Buffer): number {
  // The worker's encoder ends the text with `"}` right after the base64.
  const end = message.length - 2;
  if (!startsWith(message, APPEND_PREFIX_BYTES) || end < APPEND_PREFIX_BYTES.length || message[end] !== QUOTE)
    return -1;
  return base64Bytes(message, APPEND_PREFIX_BYTES.length, end);
}

/**
 * PCM bytes in one outbound AudioData frame as the worker encodes it, -2 for StopAudio, -1 for anything
 * else. Read from the message's length rather than a JSON parse (or even a string): the generator reads
 * 25,000 of these a second at 500 calls and shares a core with the Voice Live side.
 */
export function outboundAudioBytes(message: Buffer): number {
  if (startsWith(message, AUDIO_DATA_PREFIX_BYTES)) {
    const end = message.length - AUDIO_DATA_SUFFIX_LENGTH - 1;
    if (end < AUDIO_DATA_PREFIX_BYTES.length || message[end] !== QUOTE) return -1;
    return base64Bytes(message, AUDIO_DATA_PREFIX_BYTES.length, end);
  }
  return message.length < 256 && message.toString("latin1").includes('"Kind":"StopAudio"') ? -2 : -1;
}

function startsWith(message: Buffer, prefix: Buffer): boolean {
  return message.length >= prefix.length && message.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}

function base64Bytes(message: Buffer, start: number, end: number): number {
  const length = end - start;
  let padding = 0;
  if (length > 0 && message[end - 1] === EQUALS) padding++;
  if (length > 1 && message[end - 2] === EQUALS) padding++;
  return (length / 4) * 3 - padding;
}
