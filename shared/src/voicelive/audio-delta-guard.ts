// The hot path: ~50 `response.audio.delta` events per second of bot speech, each carrying kilobytes of
// base64. A handful of typeof checks replaces the schema; they check exactly what the schema checks,
// so the two paths agree (a test holds them to it).
import type { EventEnvelope } from "./decode-event-envelope.js";
import type { ResponseAudioDeltaEvent } from "./server-events.js";

function isId(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}

function isIndex(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

export function isResponseAudioDelta(value: EventEnvelope): value is EventEnvelope & ResponseAudioDeltaEvent {
  return (
    value.type === "response.audio.delta" &&
    typeof value.delta === "string" &&
    isId(value.item_id) &&
    isId(value.response_id) &&
    isIndex(value.output_index) &&
    isIndex(value.content_index) &&
    (value.event_id === undefined || value.event_id === null || typeof value.event_id === "string") &&
    // JSON.parse keeps a "__proto__" key as an own property; the schema drops it. Let the schema
    // handle that oddity so both paths return the same value.
    !Object.hasOwn(value, "__proto__")
  );
}
