// The `response` object of `response.created` / `response.done`, its token usage, and the optional
// `response` settings a client sends with `response.create`.
import type { MessageItem, ResponseItem } from "./conversation-item.js";
import type {
  MaxOutputTokens,
  Modality,
  OutputAudioFormat,
  ToolChoice,
  ToolDefinition,
  Voice,
} from "./session-config.js";
import type { ReportedVoice } from "./session-resource.js";

export type ResponseStatus = "in_progress" | "completed" | "cancelled" | "failed" | "incomplete";
/** A status the docs do not list yet is still read (and is not "completed"). */
export type ReportedResponseStatus = ResponseStatus | (string & {});

export interface ResponseStatusDetails {
  type?: ReportedResponseStatus;
  /** e.g. "turn_detected" (barge-in) or "client_cancelled" for cancelled responses. */
  reason?: string;
  error?: unknown;
}

export interface CachedTokenDetails {
  text_tokens: number;
  audio_tokens: number;
  image_tokens?: number;
}

export interface InputTokenDetails {
  cached_tokens: number;
  text_tokens: number;
  audio_tokens: number;
  image_tokens?: number;
  cached_tokens_details?: CachedTokenDetails;
}

export interface OutputTokenDetails {
  text_tokens: number;
  audio_tokens: number;
  reasoning_tokens?: number;
}

/**
 * Token usage as the service reports it. Microsoft's own examples omit the detail objects, so they
 * are optional here; see `completeUsage` for the shape @azure/ai-voicelive 1.1.0 requires.
 */
export interface Usage {
  total_tokens: number;
  input_tokens: number;
  output_tokens: number;
  input_token_details?: InputTokenDetails;
  output_token_details?: OutputTokenDetails;
}

/** Usage with every detail present: the only form @azure/ai-voicelive 1.1.0 can deserialize. */
export interface CompleteUsage extends Usage {
  input_token_details: InputTokenDetails & { cached_tokens_details: CachedTokenDetails };
  output_token_details: OutputTokenDetails;
}

export interface ResponseResource {
  id: string;
  /** "realtime.response" today; not required. */
  object?: string;
  status: ReportedResponseStatus;
  status_details?: ResponseStatusDetails | null;
  output?: ResponseItem[];
  usage?: Usage | null;
  conversation_id?: string;
  voice?: ReportedVoice;
  modalities?: string[];
  output_audio_format?: string;
  temperature?: number;
  max_output_tokens?: MaxOutputTokens;
  metadata?: Record<string, string> | null;
}

/** The optional `response` of `response.create`: per-response overrides of the session settings. */
export interface ResponseCreateParams {
  modalities?: Modality[];
  instructions?: string;
  voice?: Voice;
  output_audio_format?: OutputAudioFormat;
  tools?: ToolDefinition[];
  tool_choice?: ToolChoice;
  temperature?: number;
  max_response_output_tokens?: MaxOutputTokens;
  /** "auto" adds the reply to the default conversation; "none" keeps it out of band. */
  conversation?: "auto" | "none";
  metadata?: Record<string, string>;
  /** A fixed assistant message the service speaks instead of generating one. */
  pre_generated_assistant_message?: MessageItem;
}
