// Schemas of the `response` object (server) and of `response.create`'s settings (client).
import { z } from "zod";
import type { ResponseCreateParams, ResponseResource, Usage } from "../response-resource.js";
import { messageItemSchema, responseItemSchema } from "./conversation-item.js";
import {
  maxOutputTokensSchema,
  modalitySchema,
  outputAudioFormatSchema,
  toolChoiceSchema,
  toolDefinitionSchema,
  voiceSchema,
} from "./session-config.js";
import { reportedVoiceSchema } from "./session-resource.js";

const tokenCount = z.number().int().nonnegative();

export const usageSchema = z.looseObject({
  total_tokens: tokenCount,
  input_tokens: tokenCount,
  output_tokens: tokenCount,
  input_token_details: z
    .looseObject({
      cached_tokens: tokenCount,
      text_tokens: tokenCount,
      audio_tokens: tokenCount,
      image_tokens: tokenCount.optional(),
      cached_tokens_details: z
        .looseObject({
          text_tokens: tokenCount,
          audio_tokens: tokenCount,
          image_tokens: tokenCount.optional(),
        })
        .optional(),
    })
    .optional(),
  output_token_details: z
    .looseObject({
      text_tokens: tokenCount,
      audio_tokens: tokenCount,
      reasoning_tokens: tokenCount.optional(),
    })
    .optional(),
}) satisfies z.ZodType<Usage>;

const responseStatusSchema = z.enum(["in_progress", "completed", "cancelled", "failed", "incomplete"]);

export const responseResourceSchema = z.looseObject({
  id: z.string().min(1),
  object: z.literal("realtime.response").optional(),
  status: responseStatusSchema,
  status_details: z
    .looseObject({ type: responseStatusSchema, reason: z.string().optional(), error: z.unknown().optional() })
    .nullable()
    .optional(),
  output: z.array(responseItemSchema).optional(),
  usage: usageSchema.nullable().optional(),
  conversation_id: z.string().optional(),
  voice: reportedVoiceSchema.optional(),
  modalities: z.array(z.string()).optional(),
  output_audio_format: z.string().optional(),
  temperature: z.number().optional(),
  max_output_tokens: z.union([z.number(), z.literal("inf")]).optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
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
