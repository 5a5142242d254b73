// Reads a JSON request body at the boundary: content type (415), size (413), syntax (400). The messages
// say what is wrong with the request and never echo any of its content.
import { errorResponse } from "./responses.js";
import type { RouteRequest, RouteResponse } from "./route.js";

export const JSON_CONTENT_TYPES = [
  "application/json",
  "application/cloudevents+json",
  "application/cloudevents-batch+json",
] as const;

export type JsonBody = { ok: true; value: unknown } | { ok: false; response: RouteResponse };

export function readJsonBody(
  request: RouteRequest,
  maxBodyBytes: number,
  acceptedTypes: readonly string[] = JSON_CONTENT_TYPES,
): JsonBody {
  const mediaType = (request.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!acceptedTypes.includes(mediaType)) {
    return {
      ok: false,
      response: errorResponse(
        415,
        "unsupported-media-type",
        `content-type must be ${acceptedTypes.join(" or ")}`,
      ),
    };
  }
  const declaredLength = Number(request.header("content-length") ?? "0");
  if (request.body.byteLength > maxBodyBytes || declaredLength > maxBodyBytes) {
    return {
      ok: false,
      response: errorResponse(413, "payload-too-large", `the body must be at most ${maxBodyBytes} bytes`),
    };
  }
  if (request.body.byteLength === 0) {
    return { ok: false, response: errorResponse(400, "empty-body", "the request has no body") };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(request.body);
  } catch {
    return { ok: false, response: errorResponse(400, "invalid-encoding", "the body is not valid UTF-8") };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, response: errorResponse(400, "invalid-json", "the body is not valid JSON") };
  }
}
