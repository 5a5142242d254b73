// Schemas of the conversation items and content parts a client sends (`conversation.item.create`):
// strict, as everything we write. What the service reports is read by reported-item.ts.
import { z } from "zod";
import type { ContentPart, ConversationItem } from "../conversation-item.js";

export const contentPartSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("input_text"), text: z.string() }),
  z.looseObject({
    type: z.literal("input_audio"),
    audio: z.string().nullable().optional(),
    transcript: z.string().nullable().optional(),
  }),
  z.looseObject({ type: z.literal("input_image"), image_url: z.string().optional() }),
  z.looseObject({ type: z.literal("text"), text: z.string() }),
  z.looseObject({
    type: z.literal("audio"),
    audio: z.string().nullable().optional(),
    transcript: z.string().nullable().optional(),
  }),
]) satisfies z.ZodType<ContentPart>;

const itemIdentity = {
  id: z.string().optional(),
  object: z.literal("realtime.item").optional(),
  status: z.enum(["in_progress", "completed", "incomplete"]).optional(),
};

export const messageItemSchema = z.looseObject({
  type: z.literal("message"),
  ...itemIdentity,
  role: z.enum(["user", "system", "assistant"]),
  content: z.array(contentPartSchema),
});

const functionCallItemSchema = z.looseObject({
  type: z.literal("function_call"),
  ...itemIdentity,
  name: z.string().min(1),
  call_id: z.string().min(1),
  arguments: z.string(),
});

const functionCallOutputItemSchema = z.looseObject({
  type: z.literal("function_call_output"),
  ...itemIdentity,
  call_id: z.string().min(1),
  output: z.string(),
});

const mcpApprovalResponseItemSchema = z.looseObject({
  type: z.literal("mcp_approval_response"),
  ...itemIdentity,
  approval_request_id: z.string().min(1),
  approve: z.boolean(),
  reason: z.string().optional(),
});

const conversationItemOptions = [
  messageItemSchema,
  functionCallItemSchema,
  functionCallOutputItemSchema,
  mcpApprovalResponseItemSchema,
] as const;

export const conversationItemSchema = z.discriminatedUnion(
  "type",
  conversationItemOptions,
) satisfies z.ZodType<ConversationItem>;
