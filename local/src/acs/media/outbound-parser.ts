import { base64ToPcm16 } from "@acs-voice/shared";

/**
 * How the caller's side of ACS reads what the media worker sends. The official SDKs disagree on casing
 * (JS sends `{"kind":"audioData","audioData":{"data":…}}`, .NET and Python send
 * `{"Kind":"AudioData","AudioData":{"Data":…}}`), so ACS must accept both: property names and kind
 * values are matched case-insensitively here. This parser is written from the research notes on
 * purpose, not shared with the product's codec, so that it can catch the codec's mistakes.
 */
export type WorkerMessage =
  | { kind: "AudioData"; samples: Int16Array }
  | { kind: "StopAudio" }
  | { kind: "Unknown"; rawKind: string }
  | { kind: "Malformed"; reason: MalformedReason };

/** Why a message was not usable. Never quotes the payload. */
export type MalformedReason =
  | "not-json"
  | "not-an-object"
  | "missing-kind"
  | "missing-audio-data"
  | "audio-data-not-base64"
  | "audio-data-odd-length";

const MAX_RAW_KIND_LENGTH = 64;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function parseWorkerMessage(text: string): WorkerMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return malformed("not-json");
  }
  if (!isRecord(parsed)) return malformed("not-an-object");

  const kind = field(parsed, "kind");
  if (typeof kind !== "string" || kind.length === 0) return malformed("missing-kind");

  switch (kind.toLowerCase()) {
    case "audiodata":
      return parseAudioData(parsed);
    case "stopaudio":
      return { kind: "StopAudio" };
    default:
      return { kind: "Unknown", rawKind: kind.slice(0, MAX_RAW_KIND_LENGTH) };
  }
}

function parseAudioData(message: Record<string, unknown>): WorkerMessage {
  const audioData = field(message, "audioData");
  const data = isRecord(audioData) ? field(audioData, "data") : undefined;
  if (typeof data !== "string") return malformed("missing-audio-data");
  if (data.length % 4 === 1 || !BASE64.test(data)) return malformed("audio-data-not-base64");
  // PCM16 is two bytes a sample: an odd byte count means the sender cut a sample in half.
  if (decodedByteLength(data) % 2 !== 0) return malformed("audio-data-odd-length");
  return { kind: "AudioData", samples: base64ToPcm16(data) };
}

function decodedByteLength(base64: string): number {
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  return Math.floor(((base64.length - padding) * 3) / 4);
}

/** Property lookup ignoring case; exact spelling first because it is by far the common case. */
function field(record: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(record, name)) return record[name];
  const lowerName = name.toLowerCase();
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() === lowerName) return record[key];
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function malformed(reason: MalformedReason): WorkerMessage {
  return { kind: "Malformed", reason };
}
