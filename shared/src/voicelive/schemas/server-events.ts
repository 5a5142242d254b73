// One schema per server event kind, keyed by `type`. The map's type ties every schema to its
// interface in server-events.ts, so the two cannot drift apart silently. Read tolerantly, as the
// recorded sessions demand: `null` is absent (`absent`), unknown fields are kept and ignored; only the
// fields the worker acts on (ids, indexes, texts) are required.
import { z } from "zod";
import { absent } from "../../wire/absent.js";
import {
  EXTENSION_SERVER_EVENT_TYPES,
  type ExtensionServerEventType,
  type ServerEvent,
  type ServerEventType,
} from "../server-events.js";
import { reportedContentPartSchema as contentPartSchema, reportedItemSchema } from "./reported-item.js";
import { responseResourceSchema } from "./response-resource.js";
import { sessionResourceSchema } from "./session-resource.js";

const id = z.string().min(1);
const index = z.number().int().nonnegative();
const ms = z.number().nonnegative();

function event<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.looseObject({ type: z.literal(type), event_id: z.string().nullish(), ...shape });
}

const contentPartAddress = {
  response_id: id,
  item_id: id,
  output_index: index,
  content_index: index,
};

const errorDetailsSchema = z.looseObject({
  type: absent(z.string()),
  code: z.string().nullish(),
  message: absent(z.string()),
  param: z.string().nullish(),
  event_id: z.string().nullish(),
});

/** Envelope-only events (see EXTENSION_SERVER_EVENT_TYPES): any extra fields pass through. */
export const extensionServerEventSchema = z.looseObject({
  type: z.enum(EXTENSION_SERVER_EVENT_TYPES),
  event_id: z.string().nullish(),
}) satisfies z.ZodType<ServerEvent>;

type ModeledServerEventType = Exclude<ServerEventType, ExtensionServerEventType>;

export const serverEventSchemas: {
  [K in ModeledServerEventType]: z.ZodType<Extract<ServerEvent, { type: K }>>;
} = {
  error: event("error", { error: errorDetailsSchema }),
  warning: event("warning", {
    warning: z.looseObject({
      message: absent(z.string()),
      code: z.string().nullish(),
      param: z.string().nullish(),
    }),
  }),
  // The SDK drops every event until a session.created with an id arrives, so the id is required here.
  "session.created": event("session.created", {
    session: sessionResourceSchema.extend({ id }),
  }),
  "session.updated": event("session.updated", { session: sessionResourceSchema }),
  "conversation.item.created": event("conversation.item.created", {
    previous_item_id: z.string().nullish(),
    item: reportedItemSchema,
  }),
  "conversation.item.done": event("conversation.item.done", {
    previous_item_id: z.string().nullish(),
    item: reportedItemSchema,
  }),
  "conversation.item.retrieved": event("conversation.item.retrieved", { item: reportedItemSchema }),
  "conversation.item.truncated": event("conversation.item.truncated", {
    item_id: id,
    content_index: index,
    audio_end_ms: ms,
  }),
  "conversation.item.deleted": event("conversation.item.deleted", { item_id: id }),
  "conversation.item.input_audio_transcription.completed": event(
    "conversation.item.input_audio_transcription.completed",
    { item_id: id, content_index: index, transcript: z.string() },
  ),
  "conversation.item.input_audio_transcription.delta": event(
    "conversation.item.input_audio_transcription.delta",
    { item_id: id, content_index: absent(index), delta: absent(z.string()) },
  ),
  "conversation.item.input_audio_transcription.failed": event(
    "conversation.item.input_audio_transcription.failed",
    {
      item_id: id,
      content_index: index,
      error: z.looseObject({
        type: absent(z.string()),
        code: z.string().nullish(),
        message: absent(z.string()),
        param: z.string().nullish(),
      }),
    },
  ),
  "input_audio_buffer.committed": event("input_audio_buffer.committed", {
    previous_item_id: z.string().nullish(),
    item_id: id,
  }),
  "input_audio_buffer.cleared": event("input_audio_buffer.cleared", {}),
  "input_audio_buffer.speech_started": event("input_audio_buffer.speech_started", {
    audio_start_ms: ms,
    item_id: id,
  }),
  "input_audio_buffer.speech_stopped": event("input_audio_buffer.speech_stopped", {
    audio_end_ms: ms,
    item_id: id,
  }),
  "response.created": event("response.created", { response: responseResourceSchema }),
  "response.done": event("response.done", { response: responseResourceSchema }),
  "response.output_item.added": event("response.output_item.added", {
    response_id: id,
    output_index: index,
    item: reportedItemSchema,
  }),
  "response.output_item.done": event("response.output_item.done", {
    response_id: id,
    output_index: index,
    item: reportedItemSchema,
  }),
  "response.content_part.added": event("response.content_part.added", {
    ...contentPartAddress,
    part: contentPartSchema,
  }),
  "response.content_part.done": event("response.content_part.done", {
    ...contentPartAddress,
    part: contentPartSchema,
  }),
  "response.text.delta": event("response.text.delta", { ...contentPartAddress, delta: z.string() }),
  "response.text.done": event("response.text.done", { ...contentPartAddress, text: z.string() }),
  "response.audio_transcript.delta": event("response.audio_transcript.delta", {
    ...contentPartAddress,
    delta: z.string(),
  }),
  "response.audio_transcript.done": event("response.audio_transcript.done", {
    ...contentPartAddress,
    transcript: z.string(),
  }),
  "response.audio.delta": event("response.audio.delta", { ...contentPartAddress, delta: z.string() }),
  "response.audio.done": event("response.audio.done", contentPartAddress),
  "response.animation_blendshapes.delta": event("response.animation_blendshapes.delta", {
    ...contentPartAddress,
    frames: z.union([z.array(z.array(z.number())), z.string()]),
    frame_index: index,
  }),
  "response.animation_blendshapes.done": event("response.animation_blendshapes.done", {
    response_id: id,
    item_id: id,
    output_index: index,
  }),
  "response.audio_timestamp.delta": event("response.audio_timestamp.delta", {
    ...contentPartAddress,
    audio_offset_ms: ms,
    audio_duration_ms: ms,
    text: z.string(),
    timestamp_type: z.literal("word"),
  }),
  "response.audio_timestamp.done": event("response.audio_timestamp.done", contentPartAddress),
  "response.animation_viseme.delta": event("response.animation_viseme.delta", {
    ...contentPartAddress,
    audio_offset_ms: ms,
    viseme_id: z.number().int(),
  }),
  "response.animation_viseme.done": event("response.animation_viseme.done", contentPartAddress),
  "response.function_call_arguments.delta": event("response.function_call_arguments.delta", {
    response_id: id,
    item_id: id,
    output_index: index,
    call_id: id,
    delta: z.string(),
  }),
  "response.function_call_arguments.done": event("response.function_call_arguments.done", {
    response_id: id,
    item_id: id,
    output_index: index,
    call_id: id,
    arguments: z.string(),
    name: absent(z.string()),
  }),
  "rate_limits.updated": event("rate_limits.updated", {
    rate_limits: z.array(
      z.looseObject({
        name: z.string(),
        limit: z.number(),
        remaining: z.number(),
        reset_seconds: z.number(),
      }),
    ),
  }),
};
