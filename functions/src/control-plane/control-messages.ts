// The messages on a call's group. Functions → worker: callback events and supervisor actions; worker →
// group: the acknowledgement of an action. Parsed with a schema where they are received.
import { z } from "zod";
import type { CallEvent } from "../callbacks/call-event.js";

export const MAX_WHISPER_CHARS = 2000;

export const supervisorActionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("hangUp") }).strict(),
  z
    .object({
      type: z.literal("transfer"),
      /** E.164 phone number, or empty for the configured transfer number. */
      target: z
        .string()
        .regex(/^\+[1-9]\d{6,14}$/, "target must be an E.164 phone number")
        .optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal("whisper"),
      text: z.string().trim().min(1, "text is required").max(MAX_WHISPER_CHARS),
    })
    .strict(),
]);
export type SupervisorAction = z.infer<typeof supervisorActionSchema>;

export interface CallEventMessage {
  kind: "callEvent";
  event: CallEvent;
}

export interface ActionMessage {
  kind: "action";
  actionId: string;
  action: SupervisorAction;
  /** The supervisor who asked (their sign-in name), so the worker's records can say who acted. */
  requestedBy?: string;
}

export const actionAckSchema = z.object({
  kind: z.literal("ack"),
  actionId: z.string().min(1).max(100),
  ok: z.boolean(),
  /** A stable code when the worker could not do it: `unsupported`, `call-ended`, `failed`, … */
  code: z.string().max(100).optional(),
  message: z.string().max(500).optional(),
});
export type ActionAck = z.infer<typeof actionAckSchema>;
