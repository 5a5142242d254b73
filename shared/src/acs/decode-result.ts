import type { AcsInvalidMessage, AcsUnknownMessage } from "./inbound-message.js";

/** Long enough for any real kind name, short enough to be a safe metric label. */
const MAX_RAW_KIND_LENGTH = 64;

export function invalidMessage(reason: string): AcsInvalidMessage {
  return { kind: "Invalid", reason };
}

export function unknownMessage(rawKind: string): AcsUnknownMessage {
  return { kind: "Unknown", rawKind: rawKind.slice(0, MAX_RAW_KIND_LENGTH) };
}
