// One schema per client event kind, keyed by `type`; typed against client-events.ts.
import { z } from "zod";
import type { ClientEvent, ClientEventType } from "../client-events.js";
import { conversationItemSchema } from "./conversation-item.js";
import { responseCreateParamsSchema } from "./response-resource.js";
import { sessionConfigSchema } from "./session-config.js";

const id = z.string().min(1);

function event<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.looseObject({ type: z.literal(type), event_id: z.string().optional(), ...shape });
}

export const clientEventSchemas: { [K in ClientEventType]: z.ZodType<Extract<ClientEvent, { type: K }>> } = {
  "session.update": event("session.update", { session: sessionConfigSchema }),
  // Base64 alphabet only: anything else is a bug upstream, and it is what lets encodeAudioAppend skip escaping.
  "input_audio_buffer.append": event("input_audio_buffer.append", {
    audio: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/),
  }),
  "input_audio_buffer.commit": event("input_audio_buffer.commit", {}),
  "input_audio_buffer.clear": event("input_audio_buffer.clear", {}),
  "conversation.item.create": event("conversation.item.create", {
    previous_item_id: id.optional(),
    item: conversationItemSchema,
  }),
  "conversation.item.retrieve": event("conversation.item.retrieve", { item_id: id }),
  "conversation.item.truncate": event("conversation.item.truncate", {
    item_id: id,
    content_index: z.number().int().nonnegative(),
    audio_end_ms: z.number().int().nonnegative(),
  }),
  "conversation.item.delete": event("conversation.item.delete", { item_id: id }),
  "response.create": event("response.create", {
    response: responseCreateParamsSchema.optional(),
    additional_instructions: z.string().optional(),
  }),
  "response.cancel": event("response.cancel", { response_id: id.optional() }),
};
