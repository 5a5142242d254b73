// The requests a PubSub WebSocket client sends (json.webpubsub.azure.v1 and its reliable variant),
// parsed once at the boundary. Unknown kinds and malformed frames become values, never exceptions.
import { z } from "zod";

const dataType = z.enum(["json", "text", "binary", "protobuf"]);
const ackId = z.number().int().nonnegative().optional();

const joinGroup = z.object({ type: z.literal("joinGroup"), group: z.string().min(1), ackId });
const leaveGroup = z.object({ type: z.literal("leaveGroup"), group: z.string().min(1), ackId });
const sendToGroup = z.object({
  type: z.literal("sendToGroup"),
  group: z.string().min(1),
  ackId,
  dataType,
  data: z.unknown(),
  noEcho: z.boolean().optional(),
});
const event = z.object({
  type: z.literal("event"),
  event: z.string().min(1),
  ackId,
  dataType,
  data: z.unknown(),
});
const sequenceAck = z.object({ type: z.literal("sequenceAck"), sequenceId: z.number().int().nonnegative() });
const ping = z.object({ type: z.literal("ping") });
const invoke = z.object({
  type: z.literal("invoke"),
  invocationId: z.string().min(1),
  target: z.string().optional(),
  event: z.string().optional(),
  dataType: dataType.optional(),
  data: z.unknown().optional(),
});
const cancelInvocation = z.object({ type: z.literal("cancelInvocation"), invocationId: z.string().min(1) });

const clientMessage = z.discriminatedUnion("type", [
  joinGroup,
  leaveGroup,
  sendToGroup,
  event,
  sequenceAck,
  ping,
  invoke,
  cancelInvocation,
]);

export type DataType = z.infer<typeof dataType>;
export type ClientMessage = z.infer<typeof clientMessage>;
export type ParsedClientMessage =
  | ClientMessage
  | { type: "unknown"; originalType: string }
  | { type: "invalid"; reason: string };

const KNOWN_TYPES = new Set(clientMessage.options.map((option) => option.shape.type.value));

export function parseClientMessage(frame: string): ParsedClientMessage {
  let json: unknown;
  try {
    json = JSON.parse(frame);
  } catch {
    return { type: "invalid", reason: "not JSON" };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { type: "invalid", reason: "not a JSON object" };
  }
  const type = (json as { type?: unknown }).type;
  if (typeof type !== "string") return { type: "invalid", reason: "missing type" };
  if (!KNOWN_TYPES.has(type as ClientMessage["type"]))
    return { type: "unknown", originalType: type.slice(0, 64) };
  const parsed = clientMessage.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join(".") || "(root)"))];
    return { type: "invalid", reason: `bad ${type}: ${fields.join(", ")}` };
  }
  const data = "dataType" in parsed.data ? payloadProblem(parsed.data.dataType, parsed.data.data) : undefined;
  return data === undefined ? parsed.data : { type: "invalid", reason: `bad ${type}: ${data}` };
}

/** The data must match its declared type: a string for text, base64 for binary and protobuf. */
function payloadProblem(type: DataType | undefined, data: unknown): string | undefined {
  if (type === undefined) return undefined;
  if (type === "json") return data === undefined ? "data missing" : undefined;
  if (typeof data !== "string") return `data must be a string for ${type}`;
  if (type !== "text" && !/^[A-Za-z0-9+/]*={0,2}$/.test(data)) return "data is not base64";
  return undefined;
}
