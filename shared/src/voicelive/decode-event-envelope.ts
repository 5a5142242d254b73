// First step of both parsers: wire text -> a JSON object with a string `type`, or an InvalidEvent.
import type { InvalidEvent } from "./parse-outcome.js";

export interface EventEnvelope {
  type: string;
  [key: string]: unknown;
}

const utf8 = new TextDecoder();

export type DecodedEnvelope = { ok: true; envelope: EventEnvelope } | { ok: false; invalid: InvalidEvent };

export function decodeEventEnvelope(frame: string | Uint8Array): DecodedEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(typeof frame === "string" ? frame : utf8.decode(frame));
  } catch {
    return { ok: false, invalid: { type: "invalid", reason: "not valid JSON" } };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, invalid: { type: "invalid", reason: "not a JSON object" } };
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== "string") {
    return { ok: false, invalid: { type: "invalid", reason: "field type is missing or not a string" } };
  }
  return { ok: true, envelope: value as EventEnvelope };
}
