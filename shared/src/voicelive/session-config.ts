// The `session` object a client sends in `session.update` (Voice Live dated API dialect, 2025-10-01 ..
// 2026-07-15). Field names are the wire's snake_case so a value can be sent as-is. Every field is
// optional: the service only changes what is sent.

export type Modality = "text" | "audio" | "animation" | "avatar";

export type InputAudioFormat = "pcm16" | "g711_ulaw" | "g711_alaw";
export type OutputAudioFormat = "pcm16" | "pcm16_8000hz" | "pcm16_16000hz" | "g711_ulaw" | "g711_alaw";
/** pcm16 accepts 8000 | 16000 | 24000 (the service default is 24000); G.711 is always 8000. */
export type InputAudioSamplingRateHz = 8000 | 16000 | 24000;

/** `"inf"` or 1..4096. */
export type MaxOutputTokens = number | "inf";

export interface OpenAiVoice {
  type: "openai";
  /** alloy, ash, ballad, coral, echo, sage, shimmer, verse, marin, cedar (the list grows). */
  name: string;
}

/** Fields shared by the Azure TTS voice kinds. */
interface AzureVoiceTuning {
  /** 0..1, HD voices only. */
  temperature?: number;
  rate?: string;
  pitch?: string;
  volume?: string;
  style?: string;
  locale?: string;
  prefer_locales?: string[];
  custom_lexicon_url?: string;
  custom_text_normalization_url?: string;
}

export interface AzureStandardVoice extends AzureVoiceTuning {
  type: "azure-standard";
  /** e.g. "en-US-Ava:DragonHDLatestNeural". */
  name: string;
}

export interface AzureCustomVoice extends AzureVoiceTuning {
  type: "azure-custom";
  name: string;
  endpoint_id: string;
}

export interface AzurePersonalVoice extends AzureVoiceTuning {
  type: "azure-personal";
  name: string;
  /** e.g. "DragonLatestNeural". */
  model: string;
}

export interface AvatarVoiceSync {
  type: "avatar-voice-sync";
  name?: string;
}

/** Native voices of the `azure-realtime` model (API 2026-01-01-preview or later). */
export interface AzureRealtimeNativeVoice {
  type: "azure-realtime-native";
  name: string;
}

export type VoiceObject =
  | OpenAiVoice
  | AzureStandardVoice
  | AzureCustomVoice
  | AzurePersonalVoice
  | AvatarVoiceSync
  | AzureRealtimeNativeVoice;

/** A bare string is an OpenAI voice name. */
export type Voice = string | VoiceObject;

export interface EndOfUtteranceDetection {
  model: "semantic_detection_v1" | "semantic_detection_v1_en" | "semantic_detection_v1_multilingual";
  threshold_level?: "low" | "medium" | "high" | "default";
  /** Default 1000. */
  timeout_ms?: number;
}

/** Fields every Voice Live VAD kind understands. */
interface TurnDetectionCommon {
  /** [0.01, 1.0), default 0.5. */
  threshold?: number;
  /** Default 400 (server_vad) / 420 (azure_semantic_*) from 2026-04-10; 300 before. */
  prefix_padding_ms?: number;
  /** Default 500. */
  silence_duration_ms?: number;
  /** Default true: a response is created when the caller's turn ends. */
  create_response?: boolean;
  /** Default true: the service cancels the in-flight response when speech starts (barge-in). */
  interrupt_response?: boolean;
  /** Default false: the service truncates the interrupted reply assuming real-time playback. */
  auto_truncate?: boolean;
}

interface AzureTurnDetectionExtras {
  /** Default 200 for server_vad, 80 for azure_*. */
  speech_duration_ms?: number;
  remove_filler_words?: boolean;
  languages?: string[];
  end_of_utterance_detection?: EndOfUtteranceDetection;
}

export interface ServerVadTurnDetection extends TurnDetectionCommon, AzureTurnDetectionExtras {
  type: "server_vad";
}

export type AzureSemanticVadType =
  | "azure_semantic_vad"
  | "azure_semantic_vad_multilingual"
  /** Known to the SDK only. */
  | "azure_semantic_vad_en";

export interface AzureSemanticVadTurnDetection extends TurnDetectionCommon, AzureTurnDetectionExtras {
  type: AzureSemanticVadType;
  /** Text the model sees after its truncated reply (azure_semantic_* only, not settable via the JS SDK). */
  appended_text_after_truncation?: string;
}

/** OpenAI's semantic VAD (gpt-realtime models only). */
export interface SemanticVadTurnDetection {
  type: "semantic_vad";
  eagerness?: "low" | "medium" | "high" | "auto";
  create_response?: boolean;
  interrupt_response?: boolean;
  auto_truncate?: boolean;
}

export type TurnDetection = ServerVadTurnDetection | AzureSemanticVadTurnDetection | SemanticVadTurnDetection;

export interface NoiseReduction {
  /** near_field / far_field only for gpt-realtime* models. */
  type: "azure_deep_noise_suppression" | "near_field" | "far_field";
}

export interface EchoCancellation {
  type: "server_echo_cancellation";
  /** SDK additions. */
  reference_source?: "server" | "client";
  channels?: 1 | 2;
}

export interface InputAudioTranscription {
  /** azure-speech, mai-transcribe, whisper-1, gpt-4o-transcribe, gpt-4o-mini-transcribe, ... */
  model: string;
  language?: string;
  phrase_list?: string[];
  custom_speech?: Record<string, string>;
  prompt?: string;
}

export interface FunctionToolDefinition {
  type: "function";
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters?: Record<string, unknown>;
}

export interface McpToolDefinition {
  type: "mcp";
  server_label: string;
  server_url: string;
  [key: string]: unknown;
}

export interface FoundryAgentToolDefinition {
  type: "foundry_agent";
  [key: string]: unknown;
}

export type ToolDefinition = FunctionToolDefinition | McpToolDefinition | FoundryAgentToolDefinition;

export type ToolChoice = "auto" | "none" | "required" | { type: "function"; name: string };

export interface AnimationConfig {
  model_name?: string;
  outputs?: ("blendshapes" | "viseme_id")[];
}

export interface SessionConfig {
  model?: string;
  /** Default ["text","audio"]; audio alone is not allowed. */
  modalities?: Modality[];
  instructions?: string;
  /** Cannot change once the voice has spoken in the session. */
  voice?: Voice;
  input_audio_format?: InputAudioFormat;
  output_audio_format?: OutputAudioFormat;
  input_audio_sampling_rate?: InputAudioSamplingRateHz;
  turn_detection?: TurnDetection | null;
  input_audio_noise_reduction?: NoiseReduction | null;
  input_audio_echo_cancellation?: EchoCancellation | null;
  input_audio_transcription?: InputAudioTranscription | null;
  tools?: ToolDefinition[];
  tool_choice?: ToolChoice;
  /** [0.6, 1.2], default 0.8. */
  temperature?: number;
  max_response_output_tokens?: MaxOutputTokens;
  animation?: AnimationConfig;
  output_audio_timestamp_types?: "word"[];
  /** Avatar settings are passed through untouched (we do not drive an avatar). */
  avatar?: Record<string, unknown>;
  /** Up to 16 pairs. */
  metadata?: Record<string, string>;
  include?: string[];
}
