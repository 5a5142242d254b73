// What the control plane needs of a call (a CallSession behind an adapter), and what it reports about it.
import type { ActionFailureCode, CallAutomationEvent, CallStateName } from "@acs-voice/shared";

/** An action the call cannot carry out: `code` is what the supervisor sees. */
export class ActionError extends Error {
  override readonly name = "ActionError";
  constructor(
    readonly code: ActionFailureCode,
    message: string,
  ) {
    super(message);
  }
}

export interface ControlledCall {
  readonly callConnectionId: string;
  /** Ends the call for everyone; resolves once ACS accepted the hang-up (or the call had ended). */
  hangUp(): Promise<void>;
  /** Transfers the caller to `target` (E.164) or, when absent, to the configured transfer number. */
  /** `requestedBy`: the supervisor who asked, for the audit record. */
  transfer(target: string | undefined, requestedBy?: string): Promise<void>;
  /** Adds a supervisor's instruction to the model's context for the rest of the call. */
  whisper(text: string): Promise<void>;
  onCallAutomationEvent(event: CallAutomationEvent): void;
}

/** What the monitor shows of a call; each reported as it happens. */
export type CallActivity =
  | { kind: "state"; state: CallStateName; reason?: string }
  | { kind: "transcript"; role: "caller" | "bot"; text: string }
  | { kind: "turn"; latencyMs: number }
  | { kind: "bargeIn" }
  | { kind: "tool"; name: string };
