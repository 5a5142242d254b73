// Events a client sends to Voice Live, discriminated on `type`. `event_id` is optional everywhere; the
// service echoes it in an `error` caused by the event.
import type { ConversationItem } from "./conversation-item.js";
import type { ResponseCreateParams } from "./response-resource.js";
import type { SessionConfig } from "./session-config.js";

interface ClientEventBase {
  event_id?: string;
}

export interface SessionUpdateEvent extends ClientEventBase {
  type: "session.update";
  session: SessionConfig;
}

export interface InputAudioBufferAppendEvent extends ClientEventBase {
  type: "input_audio_buffer.append";
  /** Base64 audio in the session's input_audio_format; at most 15 MiB per event. */
  audio: string;
}

/** Fails when the buffer is empty; does not create a response by itself. */
export interface InputAudioBufferCommitEvent extends ClientEventBase {
  type: "input_audio_buffer.commit";
}

export interface InputAudioBufferClearEvent extends ClientEventBase {
  type: "input_audio_buffer.clear";
}

export interface ConversationItemCreateEvent extends ClientEventBase {
  type: "conversation.item.create";
  /** Insert after this item; appended at the end when absent. */
  previous_item_id?: string;
  item: ConversationItem;
}

export interface ConversationItemRetrieveEvent extends ClientEventBase {
  type: "conversation.item.retrieve";
  item_id: string;
}

/**
 * Cuts an assistant message's audio at what the caller actually heard, so the model's memory matches;
 * the service deletes the unheard transcript. Errors when `audio_end_ms` exceeds the item's audio.
 */
export interface ConversationItemTruncateEvent extends ClientEventBase {
  type: "conversation.item.truncate";
  item_id: string;
  content_index: number;
  audio_end_ms: number;
}

export interface ConversationItemDeleteEvent extends ClientEventBase {
  type: "conversation.item.delete";
  item_id: string;
}

export interface ResponseCreateEvent extends ClientEventBase {
  type: "response.create";
  response?: ResponseCreateParams;
  /** SDK addition: appended to the session instructions for this response only. */
  additional_instructions?: string;
}

/** The service answers with `response.done` (status "cancelled"), or an error when none is active. */
export interface ResponseCancelEvent extends ClientEventBase {
  type: "response.cancel";
  response_id?: string;
}

export type ClientEvent =
  | SessionUpdateEvent
  | InputAudioBufferAppendEvent
  | InputAudioBufferCommitEvent
  | InputAudioBufferClearEvent
  | ConversationItemCreateEvent
  | ConversationItemRetrieveEvent
  | ConversationItemTruncateEvent
  | ConversationItemDeleteEvent
  | ResponseCreateEvent
  | ResponseCancelEvent;

export type ClientEventType = ClientEvent["type"];
