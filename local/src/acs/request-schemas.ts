// Required fields of the Call Automation requests the emulator serves (REST spec / SDK 1.6.0 mappers).
// Unknown fields pass through, as they do on the service.
import { z } from "zod";

const absoluteUrl = z.string().refine((value) => URL.canParse(value), "must be an absolute URL");

const identifier = z.looseObject({
  kind: z.string().optional(),
  rawId: z.string().optional(),
  phoneNumber: z.looseObject({ value: z.string().min(1) }).optional(),
  communicationUser: z.looseObject({ id: z.string().min(1) }).optional(),
});

const mediaStreamingOptions = z.looseObject({
  transportType: z.enum(["websocket"]),
  audioChannelType: z.enum(["mixed", "unmixed"]),
  transportUrl: z.string().optional(),
  contentType: z.string().optional(),
  startMediaStreaming: z.boolean().optional(),
  enableBidirectional: z.boolean().optional(),
  audioFormat: z.string().optional(),
  enableDtmfTones: z.boolean().optional(),
});

const transcriptionOptions = z.looseObject({
  transportType: z.string().optional(),
  locale: z.string().optional(),
  startTranscription: z.boolean().optional(),
});

export const answerCallRequest = z.looseObject({
  incomingCallContext: z.string().min(1),
  callbackUri: absoluteUrl,
  operationContext: z.string().optional(),
  mediaStreamingOptions: mediaStreamingOptions.optional(),
  transcriptionOptions: transcriptionOptions.optional(),
  callIntelligenceOptions: z.looseObject({ cognitiveServicesEndpoint: z.string().optional() }).optional(),
});

export const createCallRequest = z.looseObject({
  targets: z.array(identifier).min(1),
  callbackUri: absoluteUrl,
  sourceCallerIdNumber: z.looseObject({ value: z.string() }).optional(),
  sourceDisplayName: z.string().optional(),
  operationContext: z.string().optional(),
  mediaStreamingOptions: mediaStreamingOptions.optional(),
  transcriptionOptions: transcriptionOptions.optional(),
});

export const transferToParticipantRequest = z.looseObject({
  targetParticipant: identifier,
  sourceCallerIdNumber: z.looseObject({ value: z.string().min(1) }).optional(),
  operationContext: z.string().optional(),
  transferee: identifier.optional(),
  operationCallbackUri: absoluteUrl.optional(),
});

const playSource = z.looseObject({
  kind: z.enum(["file", "text", "ssml"]),
  file: z.looseObject({ uri: z.string().min(1) }).optional(),
  text: z.looseObject({ text: z.string() }).optional(),
  ssml: z.looseObject({ ssmlText: z.string() }).optional(),
});

export const playRequest = z.looseObject({
  playSources: z.array(playSource).min(1),
  playTo: z.array(identifier).optional(),
  playOptions: z.looseObject({ loop: z.boolean() }).optional(),
  operationContext: z.string().optional(),
  operationCallbackUri: absoluteUrl.optional(),
});

export const mediaStreamingRequest = z.looseObject({
  operationContext: z.string().optional(),
  operationCallbackUri: absoluteUrl.optional(),
});

export type AnswerCallRequest = z.infer<typeof answerCallRequest>;
export type CreateCallRequest = z.infer<typeof createCallRequest>;
export type TransferToParticipantRequest = z.infer<typeof transferToParticipantRequest>;
export type PlayRequest = z.infer<typeof playRequest>;
export type MediaStreamingRequest = z.infer<typeof mediaStreamingRequest>;
export type MediaStreamingOptionsRequest = z.infer<typeof mediaStreamingOptions>;

/** Parses a body; on failure a message naming the first offending field (never quoting its value). */
export function parseRequest<T>(
  schema: z.ZodType<T>,
  body: unknown,
): { ok: true; value: T } | { ok: false; message: string } {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join(".") : "body";
  const missing = issue?.code === "invalid_type" && issue.message.includes("undefined");
  return {
    ok: false,
    message: missing
      ? `Invalid request: '${field}' is required.`
      : `Invalid request: '${field}' is invalid (${issue?.code ?? "invalid"}).`,
  };
}
