// The message body of a REST send, by content type, as the service relays it to PubSub clients:
// text/plain → text, application/json → json (parsed), application/octet-stream → binary (base64).
import type { Payload } from "./server-frames.js";

export type BodyParse = { ok: true; payload: Payload } | { ok: false; status: 400 | 415; reason: string };

export function payloadFromBody(contentType: string | undefined, body: Buffer): BodyParse {
  const mediaType = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  switch (mediaType) {
    case "text/plain":
      return { ok: true, payload: { dataType: "text", data: body.toString("utf8") } };
    case "application/json":
      try {
        return {
          ok: true,
          payload: { dataType: "json", data: JSON.parse(body.toString("utf8")) as unknown },
        };
      } catch {
        return { ok: false, status: 400, reason: "The body is not valid JSON." };
      }
    case "application/octet-stream":
      return { ok: true, payload: { dataType: "binary", data: body.toString("base64") } };
    default:
      return {
        ok: false,
        status: 415,
        reason: "Content-Type must be text/plain, application/json or application/octet-stream.",
      };
  }
}
