/** A JSON object exactly as it came off the wire: nothing about its fields is known yet. */
export type WireObject = Readonly<Record<string, unknown>>;

// Stateless between calls (never used in streaming mode), so one instance serves every frame.
// `fatal` turns malformed UTF-8 into an error instead of silently substituting U+FFFD.
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * One WebSocket message (text, or bytes as `ws` hands them over) to its top-level JSON object,
 * or the reason it is not one. Returning the reason as a plain string keeps the success path free
 * of wrapper allocations: callers tell the two apart with `typeof`.
 */
export function readJsonObject(frame: string | Uint8Array): WireObject | string {
  let text: string;
  if (typeof frame === "string") {
    text = frame;
  } else {
    try {
      text = utf8.decode(frame);
    } catch {
      return "frame is not valid UTF-8";
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "frame is not valid JSON";
  }
  return asWireObject(value) ?? "frame is not a JSON object";
}

export function asWireObject(value: unknown): WireObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as WireObject)
    : undefined;
}
