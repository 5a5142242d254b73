import { invalidMessage as invalid, unknownMessage } from "./decode-result.js";
import type { AcsOutboundMessage } from "./outbound-message.js";
import { asWireObject, readJsonObject } from "./read-json-object.js";

/**
 * Reads a message an app sent to ACS, the way the service must: any of the official clients' shapes
 * (camelCase or PascalCase names, `audioData` or `AudioData` kinds; see encode-media-message.ts).
 * For stand-ins of ACS such as the local emulator's media client, and for tests. Never throws.
 *
 * The kind alone decides: the JS SDK helper sends `"stopAudio":{}` inside every audio frame.
 */
export function decodeAcsOutboundMessage(frame: string | Uint8Array): AcsOutboundMessage {
  const message = readJsonObject(frame);
  if (typeof message === "string") return invalid(message);
  const kind = message.kind ?? message.Kind;
  if (typeof kind !== "string") {
    return invalid(kind === undefined ? "kind is missing" : "kind is not a string");
  }
  switch (kind) {
    case "AudioData":
    case "audioData": {
      const body = asWireObject(message.audioData ?? message.AudioData);
      if (body === undefined) return invalid("AudioData body is missing");
      const data = body.data ?? body.Data;
      if (typeof data !== "string") return invalid("AudioData.data is missing or not a string");
      return { kind: "AudioData", data };
    }
    case "StopAudio":
    case "stopAudio":
      return { kind: "StopAudio" };
    default:
      return unknownMessage(kind);
  }
}
