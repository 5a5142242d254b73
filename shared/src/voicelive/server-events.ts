// Events Voice Live sends, discriminated on `type` (dated API dialect; research/voicelive.md §4).
// Events our bot does not act on (MCP, avatar, video, search tools) are recognised with their
// envelope only, so they are neither "unknown" nor forced into shapes we never checked.
import type { ContentPart, ResponseItem } from "./conversation-item.js";
import type { ResponseResource } from "./response-resource.js";
import type { SessionResource } from "./session-resource.js";

interface ServerEventBase {
  event_id?: string | null;
}

/** The `error` payload. "Most errors are recoverable and the session stays open." */
export interface ServerErrorDetails {
  /** e.g. "invalid_request_error", "server_error"; absent in some documented examples. */
  type?: string;
  /** e.g. "session_expired", "response_cancel_not_active", "conversation_already_has_active_response". */
  code?: string | null;
  /** Always present in practice; read as absent when the service leaves it out. */
  message?: string;
  param?: string | null;
  /** The client event that caused it, when the client sent an event_id. */
  event_id?: string | null;
}

export interface ServerErrorEvent extends ServerEventBase {
  type: "error";
  error: ServerErrorDetails;
}

export interface WarningDetails {
  message?: string;
  code?: string | null;
  param?: string | null;
}

export interface ServerWarningEvent extends ServerEventBase {
  type: "warning";
  warning: WarningDetails;
}

/** The first event after connecting. */
export interface SessionCreatedEvent extends ServerEventBase {
  type: "session.created";
  session: SessionResource & { id: string };
}

/** Carries the full effective configuration after a `session.update`. */
export interface SessionUpdatedEvent extends ServerEventBase {
  type: "session.updated";
  session: SessionResource;
}

export interface ConversationItemCreatedEvent extends ServerEventBase {
  type: "conversation.item.created";
  previous_item_id?: string | null;
  item: ResponseItem;
}

/** Follows `conversation.item.created` once the item is final (seen for the caller's audio turn). */
export interface ConversationItemDoneEvent extends ServerEventBase {
  type: "conversation.item.done";
  previous_item_id?: string | null;
  item: ResponseItem;
}

export interface ConversationItemRetrievedEvent extends ServerEventBase {
  type: "conversation.item.retrieved";
  item: ResponseItem;
}

export interface ConversationItemTruncatedEvent extends ServerEventBase {
  type: "conversation.item.truncated";
  item_id: string;
  content_index: number;
  audio_end_ms: number;
}

export interface ConversationItemDeletedEvent extends ServerEventBase {
  type: "conversation.item.deleted";
  item_id: string;
}

export interface InputAudioTranscriptionCompletedEvent extends ServerEventBase {
  type: "conversation.item.input_audio_transcription.completed";
  item_id: string;
  content_index: number;
  transcript: string;
}

export interface InputAudioTranscriptionDeltaEvent extends ServerEventBase {
  type: "conversation.item.input_audio_transcription.delta";
  item_id: string;
  content_index?: number;
  delta?: string;
}

export interface InputAudioTranscriptionFailedEvent extends ServerEventBase {
  type: "conversation.item.input_audio_transcription.failed";
  item_id: string;
  content_index: number;
  error: { type?: string; code?: string | null; message?: string; param?: string | null };
}

export interface InputAudioBufferCommittedEvent extends ServerEventBase {
  type: "input_audio_buffer.committed";
  previous_item_id?: string | null;
  item_id: string;
}

export interface InputAudioBufferClearedEvent extends ServerEventBase {
  type: "input_audio_buffer.cleared";
}

export interface InputAudioBufferSpeechStartedEvent extends ServerEventBase {
  type: "input_audio_buffer.speech_started";
  /** Since the start of all audio written in the session; includes the prefix padding. */
  audio_start_ms: number;
  /** The user item that will be created when speech stops. */
  item_id: string;
}

export interface InputAudioBufferSpeechStoppedEvent extends ServerEventBase {
  type: "input_audio_buffer.speech_stopped";
  audio_end_ms: number;
  item_id: string;
}

export interface ResponseCreatedEvent extends ServerEventBase {
  type: "response.created";
  response: ResponseResource;
}

/** Ends every response, including cancelled (barge-in) and failed ones. */
export interface ResponseDoneEvent extends ServerEventBase {
  type: "response.done";
  response: ResponseResource;
}

export interface ResponseOutputItemAddedEvent extends ServerEventBase {
  type: "response.output_item.added";
  response_id: string;
  output_index: number;
  item: ResponseItem;
}

export interface ResponseOutputItemDoneEvent extends ServerEventBase {
  type: "response.output_item.done";
  response_id: string;
  output_index: number;
  item: ResponseItem;
}

/** Identifies one content part of one output item of one response. */
interface ContentPartAddress {
  response_id: string;
  item_id: string;
  output_index: number;
  content_index: number;
}

export interface ResponseContentPartAddedEvent extends ServerEventBase, ContentPartAddress {
  type: "response.content_part.added";
  part: ContentPart;
}

export interface ResponseContentPartDoneEvent extends ServerEventBase, ContentPartAddress {
  type: "response.content_part.done";
  part: ContentPart;
}

export interface ResponseTextDeltaEvent extends ServerEventBase, ContentPartAddress {
  type: "response.text.delta";
  delta: string;
}

export interface ResponseTextDoneEvent extends ServerEventBase, ContentPartAddress {
  type: "response.text.done";
  text: string;
}

export interface ResponseAudioTranscriptDeltaEvent extends ServerEventBase, ContentPartAddress {
  type: "response.audio_transcript.delta";
  delta: string;
}

export interface ResponseAudioTranscriptDoneEvent extends ServerEventBase, ContentPartAddress {
  type: "response.audio_transcript.done";
  transcript: string;
}

/** The hot path: ~50 per second of speech. Parsed with a type guard, not a schema. */
export interface ResponseAudioDeltaEvent extends ServerEventBase, ContentPartAddress {
  type: "response.audio.delta";
  /** Base64 audio in the session's output_audio_format. */
  delta: string;
}

/** Also sent when a response is interrupted or cancelled. */
export interface ResponseAudioDoneEvent extends ServerEventBase, ContentPartAddress {
  type: "response.audio.done";
}

export interface ResponseAnimationBlendshapesDeltaEvent extends ServerEventBase, ContentPartAddress {
  type: "response.animation_blendshapes.delta";
  frames: number[][] | string;
  frame_index: number;
}

export interface ResponseAnimationBlendshapesDoneEvent extends ServerEventBase {
  type: "response.animation_blendshapes.done";
  response_id: string;
  item_id: string;
  output_index: number;
}

export interface ResponseAudioTimestampDeltaEvent extends ServerEventBase, ContentPartAddress {
  type: "response.audio_timestamp.delta";
  audio_offset_ms: number;
  audio_duration_ms: number;
  text: string;
  timestamp_type: "word";
}

export interface ResponseAudioTimestampDoneEvent extends ServerEventBase, ContentPartAddress {
  type: "response.audio_timestamp.done";
}

export interface ResponseAnimationVisemeDeltaEvent extends ServerEventBase, ContentPartAddress {
  type: "response.animation_viseme.delta";
  audio_offset_ms: number;
  viseme_id: number;
}

export interface ResponseAnimationVisemeDoneEvent extends ServerEventBase, ContentPartAddress {
  type: "response.animation_viseme.done";
}

export interface ResponseFunctionCallArgumentsDeltaEvent extends ServerEventBase {
  type: "response.function_call_arguments.delta";
  response_id: string;
  item_id: string;
  output_index: number;
  call_id: string;
  delta: string;
}

export interface ResponseFunctionCallArgumentsDoneEvent extends ServerEventBase {
  type: "response.function_call_arguments.done";
  response_id: string;
  item_id: string;
  output_index: number;
  call_id: string;
  /** JSON text as the model produced it: parse defensively. */
  arguments: string;
  /** The SDK models it; the documented example omits it (the name is on the function_call item). */
  name?: string;
}

export interface RateLimit {
  name: string;
  limit: number;
  remaining: number;
  reset_seconds: number;
}

/** Documented but absent from the 2026-04-10 index; @azure/ai-voicelive 1.1.0 drops it. */
export interface RateLimitsUpdatedEvent extends ServerEventBase {
  type: "rate_limits.updated";
  rate_limits: RateLimit[];
}

/** Event kinds we recognise but do not model beyond the envelope. */
export const EXTENSION_SERVER_EVENT_TYPES = [
  "session.avatar.connecting",
  "session.avatar.switch_to_speaking",
  "session.avatar.switch_to_idle",
  "output_audio_buffer.cleared",
  "response.audio_transcript.annotation.added",
  "response.video.delta",
  "response.invocation.delta",
  "mcp_list_tools.in_progress",
  "mcp_list_tools.completed",
  "mcp_list_tools.failed",
  "response.mcp_call_arguments.delta",
  "response.mcp_call_arguments.done",
  "response.mcp_call.in_progress",
  "response.mcp_call.completed",
  "response.mcp_call.failed",
  "response.web_search_call.searching",
  "response.web_search_call.in_progress",
  "response.web_search_call.completed",
  "response.file_search_call.searching",
  "response.file_search_call.in_progress",
  "response.file_search_call.completed",
] as const;

export type ExtensionServerEventType = (typeof EXTENSION_SERVER_EVENT_TYPES)[number];

export interface ExtensionServerEvent extends ServerEventBase {
  type: ExtensionServerEventType;
  [key: string]: unknown;
}

export type ServerEvent =
  | ServerErrorEvent
  | ServerWarningEvent
  | SessionCreatedEvent
  | SessionUpdatedEvent
  | ConversationItemCreatedEvent
  | ConversationItemDoneEvent
  | ConversationItemRetrievedEvent
  | ConversationItemTruncatedEvent
  | ConversationItemDeletedEvent
  | InputAudioTranscriptionCompletedEvent
  | InputAudioTranscriptionDeltaEvent
  | InputAudioTranscriptionFailedEvent
  | InputAudioBufferCommittedEvent
  | InputAudioBufferClearedEvent
  | InputAudioBufferSpeechStartedEvent
  | InputAudioBufferSpeechStoppedEvent
  | ResponseCreatedEvent
  | ResponseDoneEvent
  | ResponseOutputItemAddedEvent
  | ResponseOutputItemDoneEvent
  | ResponseContentPartAddedEvent
  | ResponseContentPartDoneEvent
  | ResponseTextDeltaEvent
  | ResponseTextDoneEvent
  | ResponseAudioTranscriptDeltaEvent
  | ResponseAudioTranscriptDoneEvent
  | ResponseAudioDeltaEvent
  | ResponseAudioDoneEvent
  | ResponseAnimationBlendshapesDeltaEvent
  | ResponseAnimationBlendshapesDoneEvent
  | ResponseAudioTimestampDeltaEvent
  | ResponseAudioTimestampDoneEvent
  | ResponseAnimationVisemeDeltaEvent
  | ResponseAnimationVisemeDoneEvent
  | ResponseFunctionCallArgumentsDeltaEvent
  | ResponseFunctionCallArgumentsDoneEvent
  | RateLimitsUpdatedEvent
  | ExtensionServerEvent;

export type ServerEventType = ServerEvent["type"];
