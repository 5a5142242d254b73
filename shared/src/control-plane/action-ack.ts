// The worker's answer to a supervisor action, posted back to the call's group.
import { z } from "zod";

/** Why the worker could not carry out an action (the functions app maps these to HTTP statuses). */
export type ActionFailureCode =
  | "unsupported"
  | "not-configured"
  | "call-ended"
  | "destination-not-allowed"
  | "failed";

export const actionAckSchema = z.object({
  kind: z.literal("ack"),
  actionId: z.string().min(1).max(100),
  ok: z.boolean(),
  /** A stable code when the worker could not do it (an ActionFailureCode; others are read as they come). */
  code: z.string().max(100).optional(),
  message: z.string().max(500).optional(),
});

export interface ActionAck {
  kind: "ack";
  actionId: string;
  ok: boolean;
  code?: string | undefined;
  message?: string | undefined;
}
