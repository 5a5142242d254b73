// The messages on a call's group. Functions → worker: callback events and supervisor actions; worker →
// group: the acknowledgement of an action. Each side writes them with these types and the worker reads
// them with `controlMessageSchema` (tolerantly: a newer sender's extra fields do not make them invalid).
import { z } from "zod";
import { type CallAutomationEvent, callAutomationEventSchema } from "../callbacks/call-automation-event.js";
import { type SupervisorAction, supervisorActionSchema } from "./supervisor-action.js";

export interface CallEventMessage {
  kind: "callEvent";
  event: CallAutomationEvent;
}

export interface ActionMessage {
  kind: "action";
  actionId: string;
  action: SupervisorAction;
  /** The supervisor who asked (their sign-in name), so the worker's records can say who acted. */
  requestedBy?: string;
}

export const controlMessageSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("callEvent"), event: callAutomationEventSchema }),
  z.object({
    kind: z.literal("action"),
    actionId: z.string().min(1).max(100),
    action: supervisorActionSchema,
    requestedBy: z.string().min(1).max(200).optional(),
  }),
  // Acks come back to the group from other senders' point of view; the worker ignores them.
  z.object({ kind: z.literal("ack") }).loose(),
]);
export type ControlMessage = z.infer<typeof controlMessageSchema>;
