// Schemas of the items and content parts the service reports (`conversation.item.*`,
// `response.output_item.*`, `response.content_part.*`, `response.done`), read tolerantly: `null` is
// absent, `object` and `status` are any string, a content part of a kind we do not know is left out,
// and an item of a kind we do not know becomes an UnknownItem. A known kind that is malformed still
// makes the event invalid: its fields are what the worker acts on.
import { z } from "zod";
import { absent } from "../../wire/absent.js";
import type { ContentPart, ResponseItem, UnknownItem } from "../conversation-item.js";
import { MAX_REPORTED_TYPE_LENGTH } from "../parse-outcome.js";

const text = z
  .string()
  .nullish()
  .transform((value) => value ?? "");

const knownContentParts = [
  z.looseObject({ type: z.literal("input_text"), text }),
  z.looseObject({
    type: z.literal("input_audio"),
    audio: z.string().nullish(),
    transcript: z.string().nullish(),
  }),
  z.looseObject({ type: z.literal("input_image"), image_url: absent(z.string()) }),
  z.looseObject({ type: z.literal("text"), text }),
  z.looseObject({ type: z.literal("audio"), audio: z.string().nullish(), transcript: z.string().nullish() }),
] as const;

export const reportedContentPartSchema = z.discriminatedUnion(
  "type",
  knownContentParts,
) satisfies z.ZodType<ContentPart>;

const knownPartTypes: ReadonlySet<string> = new Set(knownContentParts.map((part) => part.shape.type.value));

/** A message's content: parts of kinds we do not know are dropped, not fatal. */
const reportedContent = z
  .array(z.looseObject({ type: z.string() }))
  .pipe(z.transform((parts) => parts.filter((part) => knownPartTypes.has(part.type))))
  .pipe(z.array(reportedContentPartSchema));

const itemIdentity = {
  id: absent(z.string()),
  object: absent(z.string()),
  status: absent(z.string()),
};

const reportedItemOptions = [
  z.looseObject({
    type: z.literal("message"),
    ...itemIdentity,
    role: z.enum(["user", "system", "assistant"]),
    content: z
      .array(z.unknown())
      .nullish()
      .transform((content) => content ?? [])
      .pipe(reportedContent),
  }),
  z.looseObject({
    type: z.literal("function_call"),
    ...itemIdentity,
    name: z.string().min(1),
    call_id: z.string().min(1),
    // Empty while the call is being streamed (output_item.added).
    arguments: text,
  }),
  z.looseObject({
    type: z.literal("function_call_output"),
    ...itemIdentity,
    call_id: z.string().min(1),
    output: text,
  }),
  z.looseObject({
    type: z.literal("mcp_approval_response"),
    ...itemIdentity,
    approval_request_id: z.string().min(1),
    approve: z.boolean(),
    reason: absent(z.string()),
  }),
] as const;

const extensionItemTypes = [
  "mcp_list_tools",
  "mcp_call",
  "mcp_approval_request",
  "web_search_call",
  "file_search_call",
] as const;

const knownItemTypes: ReadonlySet<string> = new Set([
  ...reportedItemOptions.map((option) => option.shape.type.value),
  ...extensionItemTypes,
]);

const knownReportedItemSchema = z.discriminatedUnion("type", [
  ...reportedItemOptions,
  z.looseObject({ type: z.enum(extensionItemTypes), ...itemIdentity }),
]);

/** Only kinds we do not know land here: a known kind that is malformed stays an error. */
const unknownItemSchema = z
  .looseObject({ type: z.string().refine((type) => !knownItemTypes.has(type)), id: absent(z.string()) })
  .transform(
    ({ type, id }): UnknownItem => ({
      type: "unknown",
      originalType: type.slice(0, MAX_REPORTED_TYPE_LENGTH),
      ...(id === undefined ? {} : { id }),
    }),
  );

export const reportedItemSchema = z.union([
  knownReportedItemSchema,
  unknownItemSchema,
]) satisfies z.ZodType<ResponseItem>;
