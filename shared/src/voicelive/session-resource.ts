// The effective session configuration the service reports in `session.created` / `session.updated`.
// Unlike `SessionConfig` (what we send, checked strictly), this is read leniently: new voice kinds, VAD
// kinds or formats must not make the whole event unreadable, so kinds are plain strings while the
// knobs our code reads keep their types. The service sends absent fields as explicit `null`; the
// parser reads those as missing, so a field here is either a value or not there.
import type { MaxOutputTokens } from "./session-config.js";

/** A bare string is an OpenAI voice name. */
export type ReportedVoice = string | { type: string; name?: string; [key: string]: unknown };

export interface ReportedTurnDetection {
  type: string;
  threshold?: number;
  prefix_padding_ms?: number;
  silence_duration_ms?: number;
  speech_duration_ms?: number;
  create_response?: boolean;
  interrupt_response?: boolean;
  auto_truncate?: boolean;
  remove_filler_words?: boolean;
  languages?: string[];
  end_of_utterance_detection?: { model: string; threshold_level?: string; timeout_ms?: number } | null;
  eagerness?: string;
  appended_text_after_truncation?: string;
  [key: string]: unknown;
}

export interface ReportedTool {
  type: string;
  name?: string;
  [key: string]: unknown;
}

export interface SessionResource {
  /** Always present in `session.created` (the SDK drops every event until it sees one). */
  id?: string;
  /** "realtime.session" today; not required. */
  object?: string;
  model?: string;
  /** Epoch seconds; when present, the authoritative session expiry. */
  expires_at?: number;
  modalities?: string[];
  instructions?: string;
  voice?: ReportedVoice;
  input_audio_format?: string;
  output_audio_format?: string;
  input_audio_sampling_rate?: number;
  turn_detection?: ReportedTurnDetection | null;
  input_audio_noise_reduction?: { type: string; [key: string]: unknown } | null;
  input_audio_echo_cancellation?: { type: string; [key: string]: unknown } | null;
  input_audio_transcription?: { model?: string; language?: string; [key: string]: unknown } | null;
  tools?: ReportedTool[];
  tool_choice?: string | { type: string; name?: string };
  temperature?: number;
  max_response_output_tokens?: MaxOutputTokens;
  [key: string]: unknown;
}
