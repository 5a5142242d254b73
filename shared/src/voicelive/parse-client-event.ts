// Wire text from a Voice Live client -> a typed ClientEvent (used by the emulator and tests to check
// what our worker sends). Never throws.

import type { z } from "zod";
import type { ClientEvent } from "./client-events.js";
import { decodeEventEnvelope } from "./decode-event-envelope.js";
import { describeSchemaFailure } from "./describe-schema-failure.js";
import { MAX_REPORTED_TYPE_LENGTH, type ParsedClientEvent } from "./parse-outcome.js";
import { clientEventSchemas } from "./schemas/client-events.js";

export function parseClientEvent(frame: string | Uint8Array): ParsedClientEvent {
  try {
    const decoded = decodeEventEnvelope(frame);
    if (!decoded.ok) return decoded.invalid;
    const { envelope } = decoded;
    if (!Object.hasOwn(clientEventSchemas, envelope.type)) {
      return { type: "unknown", originalType: envelope.type.slice(0, MAX_REPORTED_TYPE_LENGTH) };
    }
    const schema = clientEventSchemas[
      envelope.type as keyof typeof clientEventSchemas
    ] as z.ZodType<ClientEvent>;
    const result = schema.safeParse(envelope);
    return result.success
      ? result.data
      : { type: "invalid", reason: describeSchemaFailure(envelope.type, result.error) };
  } catch {
    return { type: "invalid", reason: "parser failure" };
  }
}
