// Schema of the effective session the service reports: kinds are open strings, the knobs we read are
// typed (see session-resource.ts for why).
import { z } from "zod";
import type { ReportedVoice, SessionResource } from "../session-resource.js";

export const reportedVoiceSchema = z.union([
  z.string(),
  z.looseObject({ type: z.string(), name: z.string().optional() }),
]) satisfies z.ZodType<ReportedVoice>;

const kindOnly = z.looseObject({ type: z.string() });

export const sessionResourceSchema = z.looseObject({
  id: z.string().min(1).optional(),
  object: z.literal("realtime.session").optional(),
  model: z.string().optional(),
  expires_at: z.number().optional(),
  modalities: z.array(z.string()).optional(),
  instructions: z.string().optional(),
  voice: reportedVoiceSchema.optional(),
  input_audio_format: z.string().optional(),
  output_audio_format: z.string().optional(),
  input_audio_sampling_rate: z.number().optional(),
  turn_detection: z
    .looseObject({
      type: z.string(),
      threshold: z.number().optional(),
      prefix_padding_ms: z.number().optional(),
      silence_duration_ms: z.number().optional(),
      speech_duration_ms: z.number().optional(),
      create_response: z.boolean().optional(),
      interrupt_response: z.boolean().optional(),
      auto_truncate: z.boolean().optional(),
      remove_filler_words: z.boolean().optional(),
      languages: z.array(z.string()).optional(),
      end_of_utterance_detection: z
        .looseObject({
          model: z.string(),
          threshold_level: z.string().optional(),
          timeout_ms: z.number().optional(),
        })
        .nullable()
        .optional(),
      eagerness: z.string().optional(),
      appended_text_after_truncation: z.string().optional(),
    })
    .nullable()
    .optional(),
  input_audio_noise_reduction: kindOnly.nullable().optional(),
  input_audio_echo_cancellation: kindOnly.nullable().optional(),
  input_audio_transcription: z
    .looseObject({ model: z.string().optional(), language: z.string().optional() })
    .nullable()
    .optional(),
  tools: z.array(z.looseObject({ type: z.string(), name: z.string().optional() })).optional(),
  tool_choice: z
    .union([z.string(), z.looseObject({ type: z.string(), name: z.string().optional() })])
    .optional(),
  temperature: z.number().optional(),
  max_response_output_tokens: z.union([z.number(), z.literal("inf")]).optional(),
}) satisfies z.ZodType<SessionResource>;
