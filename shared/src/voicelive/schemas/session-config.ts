// Schema of the `session` we send in `session.update`. Strict on kinds and value types (a typo in a
// VAD kind is a bug worth catching before the service rejects it), loose on keys: fields the service
// adds later pass through and are kept.
import { z } from "zod";
import type { SessionConfig, ToolChoice, ToolDefinition, TurnDetection, Voice } from "../session-config.js";

const nonNegativeMs = z.number().int().nonnegative();

const azureVoiceTuning = {
  temperature: z.number().min(0).max(1).optional(),
  rate: z.string().optional(),
  pitch: z.string().optional(),
  volume: z.string().optional(),
  style: z.string().optional(),
  locale: z.string().optional(),
  prefer_locales: z.array(z.string()).optional(),
  custom_lexicon_url: z.string().optional(),
  custom_text_normalization_url: z.string().optional(),
};

export const voiceSchema = z.union([
  z.string().min(1),
  z.discriminatedUnion("type", [
    z.looseObject({ type: z.literal("openai"), name: z.string().min(1) }),
    z.looseObject({ type: z.literal("azure-standard"), name: z.string().min(1), ...azureVoiceTuning }),
    z.looseObject({
      type: z.literal("azure-custom"),
      name: z.string().min(1),
      endpoint_id: z.string().min(1),
      ...azureVoiceTuning,
    }),
    z.looseObject({
      type: z.literal("azure-personal"),
      name: z.string().min(1),
      model: z.string().min(1),
      ...azureVoiceTuning,
    }),
    z.looseObject({ type: z.literal("avatar-voice-sync"), name: z.string().optional() }),
    z.looseObject({ type: z.literal("azure-realtime-native"), name: z.string().min(1) }),
  ]),
]) satisfies z.ZodType<Voice>;

const endOfUtteranceDetectionSchema = z.looseObject({
  model: z.enum(["semantic_detection_v1", "semantic_detection_v1_en", "semantic_detection_v1_multilingual"]),
  threshold_level: z.enum(["low", "medium", "high", "default"]).optional(),
  timeout_ms: nonNegativeMs.optional(),
});

const turnDetectionCommon = {
  threshold: z.number().min(0).max(1).optional(),
  prefix_padding_ms: nonNegativeMs.optional(),
  silence_duration_ms: nonNegativeMs.optional(),
  create_response: z.boolean().optional(),
  interrupt_response: z.boolean().optional(),
  auto_truncate: z.boolean().optional(),
};

const azureTurnDetectionExtras = {
  speech_duration_ms: nonNegativeMs.optional(),
  remove_filler_words: z.boolean().optional(),
  languages: z.array(z.string()).optional(),
  end_of_utterance_detection: endOfUtteranceDetectionSchema.optional(),
};

export const turnDetectionSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("server_vad"), ...turnDetectionCommon, ...azureTurnDetectionExtras }),
  z.looseObject({
    type: z.enum(["azure_semantic_vad", "azure_semantic_vad_multilingual", "azure_semantic_vad_en"]),
    ...turnDetectionCommon,
    ...azureTurnDetectionExtras,
    appended_text_after_truncation: z.string().optional(),
  }),
  z.looseObject({
    type: z.literal("semantic_vad"),
    eagerness: z.enum(["low", "medium", "high", "auto"]).optional(),
    create_response: z.boolean().optional(),
    interrupt_response: z.boolean().optional(),
    auto_truncate: z.boolean().optional(),
  }),
]) satisfies z.ZodType<TurnDetection>;

export const toolDefinitionSchema = z.discriminatedUnion("type", [
  z.looseObject({
    type: z.literal("function"),
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  }),
  z.looseObject({ type: z.literal("mcp"), server_label: z.string(), server_url: z.string() }),
  z.looseObject({ type: z.literal("foundry_agent") }),
]) satisfies z.ZodType<ToolDefinition>;

export const toolChoiceSchema = z.union([
  z.enum(["auto", "none", "required"]),
  z.looseObject({ type: z.literal("function"), name: z.string().min(1) }),
]) satisfies z.ZodType<ToolChoice>;

export const modalitySchema = z.enum(["text", "audio", "animation", "avatar"]);
export const outputAudioFormatSchema = z.enum([
  "pcm16",
  "pcm16_8000hz",
  "pcm16_16000hz",
  "g711_ulaw",
  "g711_alaw",
]);
export const maxOutputTokensSchema = z.union([z.number().int().min(1).max(4096), z.literal("inf")]);

export const sessionConfigSchema = z.looseObject({
  model: z.string().optional(),
  modalities: z.array(modalitySchema).optional(),
  instructions: z.string().optional(),
  voice: voiceSchema.optional(),
  input_audio_format: z.enum(["pcm16", "g711_ulaw", "g711_alaw"]).optional(),
  output_audio_format: outputAudioFormatSchema.optional(),
  input_audio_sampling_rate: z.literal([8000, 16000, 24000]).optional(),
  turn_detection: turnDetectionSchema.nullable().optional(),
  input_audio_noise_reduction: z
    .looseObject({ type: z.enum(["azure_deep_noise_suppression", "near_field", "far_field"]) })
    .nullable()
    .optional(),
  input_audio_echo_cancellation: z
    .looseObject({
      type: z.literal("server_echo_cancellation"),
      reference_source: z.enum(["server", "client"]).optional(),
      channels: z.literal([1, 2]).optional(),
    })
    .nullable()
    .optional(),
  input_audio_transcription: z
    .looseObject({
      model: z.string().min(1),
      language: z.string().optional(),
      phrase_list: z.array(z.string()).optional(),
      custom_speech: z.record(z.string(), z.string()).optional(),
      prompt: z.string().optional(),
    })
    .nullable()
    .optional(),
  tools: z.array(toolDefinitionSchema).optional(),
  tool_choice: toolChoiceSchema.optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_response_output_tokens: maxOutputTokensSchema.optional(),
  animation: z
    .looseObject({
      model_name: z.string().optional(),
      outputs: z.array(z.enum(["blendshapes", "viseme_id"])).optional(),
    })
    .optional(),
  output_audio_timestamp_types: z.array(z.literal("word")).optional(),
  avatar: z.record(z.string(), z.unknown()).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  include: z.array(z.string()).optional(),
}) satisfies z.ZodType<SessionConfig>;
