// Wire text from Voice Live -> a typed ServerEvent, an UnknownServerEvent or an InvalidServerEvent.
// Never throws: a peer's bad frame is a value the session counts, not a crash.

import type { z } from "zod";
import { isResponseAudioDelta } from "./audio-delta-guard.js";
import { decodeEventEnvelope } from "./decode-event-envelope.js";
import { describeSchemaFailure } from "./describe-schema-failure.js";
import { MAX_REPORTED_TYPE_LENGTH, type ParsedServerEvent } from "./parse-outcome.js";
import { extensionServerEventSchema, serverEventSchemas } from "./schemas/server-events.js";
import { EXTENSION_SERVER_EVENT_TYPES, type ServerEvent } from "./server-events.js";

const extensionTypes: ReadonlySet<string> = new Set(EXTENSION_SERVER_EVENT_TYPES);

function schemaFor(type: string): z.ZodType<ServerEvent> | undefined {
  // Own keys only: "constructor" or "__proto__" must not find a prototype member.
  if (Object.hasOwn(serverEventSchemas, type)) {
    return serverEventSchemas[type as keyof typeof serverEventSchemas] as z.ZodType<ServerEvent>;
  }
  return extensionTypes.has(type) ? extensionServerEventSchema : undefined;
}

export function parseServerEvent(frame: string | Uint8Array): ParsedServerEvent {
  try {
    const decoded = decodeEventEnvelope(frame);
    if (!decoded.ok) return decoded.invalid;
    const { envelope } = decoded;
    if (isResponseAudioDelta(envelope)) return envelope;
    const schema = schemaFor(envelope.type);
    if (schema === undefined) {
      return { type: "unknown", originalType: envelope.type.slice(0, MAX_REPORTED_TYPE_LENGTH) };
    }
    const result = schema.safeParse(envelope);
    return result.success
      ? result.data
      : { type: "invalid", reason: describeSchemaFailure(envelope.type, result.error) };
  } catch {
    // Defence in depth only; every known failure above is already a value.
    return { type: "invalid", reason: "parser failure" };
  }
}
