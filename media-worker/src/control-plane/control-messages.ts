// Messages on a call's group (parsed here, where the worker receives them) and on the monitor group.
import { z } from "zod";
import type { CallStateName } from "./controlled-call.js";

const MAX_WHISPER_CHARS = 2000;

const supervisorAction = z.discriminatedUnion("type", [
  z.object({ type: z.literal("hangUp") }),
  z.object({
    type: z.literal("transfer"),
    target: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/)
      .optional(),
  }),
  z.object({ type: z.literal("whisper"), text: z.string().trim().min(1).max(MAX_WHISPER_CHARS) }),
]);
export type SupervisorAction = z.infer<typeof supervisorAction>;

const callEvent = z
  .object({
    id: z.string().min(1).max(200),
    type: z.string().min(1).max(200),
    callConnectionId: z.string().min(1).max(200),
    correlationId: z.string().optional(),
    serverCallId: z.string().optional(),
    time: z.string().optional(),
    resultCode: z.number().optional(),
    resultSubCode: z.number().optional(),
    data: z.record(z.string(), z.unknown()),
  })
  .loose();

export const inboundControlMessage = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("callEvent"), event: callEvent }),
  z.object({
    kind: z.literal("action"),
    actionId: z.string().min(1).max(100),
    action: supervisorAction,
    /** The supervisor who asked (their sign-in name), for the audit record. */
    requestedBy: z.string().min(1).max(200).optional(),
  }),
  // Our own acks come back to the group from other senders' point of view; the worker ignores them.
  z.object({ kind: z.literal("ack") }).loose(),
]);
export type InboundControlMessage = z.infer<typeof inboundControlMessage>;

export interface ActionAck {
  kind: "ack";
  actionId: string;
  ok: boolean;
  code?: string;
  message?: string;
}

export interface TranscriptLine {
  role: "caller" | "bot";
  text: string;
}

/** Published to the `monitor` group: one activity of a call, or the whole call's view (periodically). */
export type MonitorEvent = { callConnectionId: string; worker: string; atMs: number } & (
  | { kind: "call.state"; state: CallStateName; reason?: string }
  | { kind: "call.transcript"; role: "caller" | "bot"; text: string }
  | { kind: "call.turn"; latencyMs: number }
  | { kind: "call.bargeIn" }
  | { kind: "call.tool"; name: string }
  | { kind: "call.action"; action: SupervisorAction["type"]; ok: boolean }
  | {
      kind: "call.snapshot";
      state: CallStateName;
      transcript: TranscriptLine[];
      turnLatenciesMs: number[];
      bargeIns: number;
    }
);
