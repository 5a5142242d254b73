// Schemas of the `response` object (server, read tolerantly: `null` is absent, unknown statuses are
// kept) and of `response.create`'s settings (client, strict).
import { z } from "zod";
import { absent } from "../../wire/absent.js";
import type { ResponseCreateParams, ResponseResource, Usage } from "../response-resource.js";
import { messageItemSchema } from "./conversation-item.js";
import { reportedItemSchema } from "./reported-item.js";
import {
  maxOutputTokensSchema,
  modalitySchema,
  outputAudioFormatSchema,
  toolChoiceSchema,
  toolDefinitionSchema,
  voiceSchema,
} from "./session-config.js";
import { reportedVoiceSchema } from "./session-resource.js";
import { tokenCountOrZero } from "./tolerant.js";

export const usageSchema = z.looseObject({
  total_tokens: tokenCountOrZero,
  input_tokens: tokenCountOrZero,
  output_tokens: tokenCountOrZero,
  input_token_details: absent(
    z.looseObject({
      cached_tokens: tokenCountOrZero,
      text_tokens: tokenCountOrZero,
      audio_tokens: tokenCountOrZero,
      image_tokens: absent(z.number().int().nonnegative()),
      cached_tokens_details: absent(
        z.looseObject({
          text_tokens: tokenCountOrZero,
          audio_tokens: tokenCountOrZero,
          image_tokens: absent(z.number().int().nonnegative()),
        }),
      ),
    }),
  ),
  output_token_details: absent(
    z.looseObject({
      text_tokens: tokenCountOrZero,
      audio_tokens: tokenCountOrZero,
      reasoning_tokens: absent(z.number().int().nonnegative()),
    }),
  ),
}) satisfies z.ZodType<Usage>;

export const responseResourceSchema = z.looseObject({
  id: z.string().min(1),
  object: absent(z.string()),
  status: z.string().min(1),
  status_details: z
    .looseObject({ type: absent(z.string()), reason: absent(z.string()), error: z.unknown().optional() })
    .nullish(),
  output: absent(z.array(reportedItemSchema)),
  usage: usageSchema.nullish(),
  conversation_id: absent(z.string()),
  voice: absent(reportedVoiceSchema),
  modalities: absent(z.array(z.string())),
  output_audio_format: absent(z.string()),
  temperature: absent(z.number()),
  max_output_tokens: absent(z.union([z.number(), z.literal("inf")])),
  metadata: z.record(z.string(), z.string()).nullish(),
}) satisfies z.ZodType<ResponseResource>;

export const responseCreateParamsSchema = z.looseObject({
  modalities: z.array(modalitySchema).optional(),
  instructions: z.string().optional(),
  voice: voiceSchema.optional(),
  output_audio_format: outputAudioFormatSchema.optional(),
  tools: z.array(toolDefinitionSchema).optional(),
  tool_choice: toolChoiceSchema.optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_response_output_tokens: maxOutputTokensSchema.optional(),
  conversation: z.enum(["auto", "none"]).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  pre_generated_assistant_message: messageItemSchema.optional(),
}) satisfies z.ZodType<ResponseCreateParams>;
