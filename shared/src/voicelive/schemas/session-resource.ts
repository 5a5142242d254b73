// Schema of the effective session the service reports: kinds are open strings, the knobs we read are
// typed (see session-resource.ts for why), and every optional field may be `null` (read as absent), as
// the recorded sessions show for most of them.
import { z } from "zod";
import { absent } from "../../wire/absent.js";
import type { ReportedVoice, SessionResource } from "../session-resource.js";

export const reportedVoiceSchema = z.union([
  z.string(),
  z.looseObject({ type: z.string(), name: absent(z.string()) }),
]) satisfies z.ZodType<ReportedVoice>;

const kindOnly = z.looseObject({ type: z.string() });

export const sessionResourceSchema = z.looseObject({
  id: absent(z.string().min(1)),
  object: absent(z.string()),
  model: absent(z.string()),
  expires_at: absent(z.number()),
  modalities: absent(z.array(z.string())),
  instructions: absent(z.string()),
  voice: absent(reportedVoiceSchema),
  input_audio_format: absent(z.string()),
  output_audio_format: absent(z.string()),
  input_audio_sampling_rate: absent(z.number()),
  turn_detection: z
    .looseObject({
      type: z.string(),
      threshold: absent(z.number()),
      prefix_padding_ms: absent(z.number()),
      silence_duration_ms: absent(z.number()),
      speech_duration_ms: absent(z.number()),
      create_response: absent(z.boolean()),
      interrupt_response: absent(z.boolean()),
      auto_truncate: absent(z.boolean()),
      remove_filler_words: absent(z.boolean()),
      languages: absent(z.array(z.string())),
      end_of_utterance_detection: z
        .looseObject({
          model: z.string(),
          threshold_level: absent(z.string()),
          timeout_ms: absent(z.number()),
        })
        .nullish(),
      eagerness: absent(z.string()),
      appended_text_after_truncation: absent(z.string()),
    })
    .nullish(),
  input_audio_noise_reduction: kindOnly.nullish(),
  input_audio_echo_cancellation: kindOnly.nullish(),
  input_audio_transcription: z
    .looseObject({ model: absent(z.string()), language: absent(z.string()) })
    .nullish(),
  tools: absent(z.array(z.looseObject({ type: z.string(), name: absent(z.string()) }))),
  tool_choice: absent(z.union([z.string(), z.looseObject({ type: z.string(), name: absent(z.string()) })])),
  temperature: absent(z.number()),
  max_response_output_tokens: absent(z.union([z.number(), z.literal("inf")])),
}) satisfies z.ZodType<SessionResource>;
