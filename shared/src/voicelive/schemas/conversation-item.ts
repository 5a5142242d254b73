// Schemas of conversation items and content parts, shared by the client (`conversation.item.create`)
// and server (`conversation.item.*`, `response.*`) events.
import { z } from "zod";
import type { ContentPart, ConversationItem, ResponseItem, UnknownItem } from "../conversation-item.js";
import { MAX_REPORTED_TYPE_LENGTH } from "../parse-outcome.js";

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

const extensionItemTypes = [
  "mcp_list_tools",
  "mcp_call",
  "mcp_approval_request",
  "web_search_call",
  "file_search_call",
] as const;

const knownResponseItemSchema = z.discriminatedUnion("type", [
  ...conversationItemOptions,
  z.looseObject({ type: z.enum(extensionItemTypes), ...itemIdentity }),
]);

const knownItemTypes: ReadonlySet<string> = new Set([
  ...conversationItemOptions.map((option) => option.shape.type.value),
  ...extensionItemTypes,
]);

/** Only kinds we do not know land here: a known kind that is malformed stays an error. */
const unknownItemSchema = z
  .looseObject({ type: z.string().refine((type) => !knownItemTypes.has(type)), id: z.string().optional() })
  .transform(
    ({ type, id }): UnknownItem => ({
      type: "unknown",
      originalType: type.slice(0, MAX_REPORTED_TYPE_LENGTH),
      ...(id === undefined ? {} : { id }),
    }),
  );

export const responseItemSchema = z.union([
  knownResponseItemSchema,
  unknownItemSchema,
]) satisfies z.ZodType<ResponseItem>;
