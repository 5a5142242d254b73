// Connects a call session to the control plane: the session's operations as a ControlledCall, and its
// event stream as the monitor's CallActivity. Typed structurally, so the control plane depends on what
// it uses of a session, not on the whole CallSession.
import type { CallChannel } from "./call-channel.js";
import {
  ActionError,
  type CallActivity,
  type CallAutomationEvent,
  type ControlledCall,
} from "./controlled-call.js";

/** The session events the monitor shows (a subset of the session's own `CallEvent`). */
export type SessionEvent =
  | { type: "state"; state: "connecting" | "active" | "transferring" | "ending" | "ended" }
  | { type: "transcript"; role: "caller" | "bot"; text: string }
  | { type: "turn"; turn: { latencyMs: number | undefined } }
  | { type: "barge-in" }
  | { type: "tool"; name: string }
  | { type: string };

export interface SupervisableSession {
  subscribe(listener: (event: SessionEvent) => void): () => void;
  onCallAutomationEvent(event: {
    type: string;
    callConnectionId: string;
    operationContext?: string | undefined;
    resultInformation?: { code?: number; subCode?: number; message?: string } | undefined;
  }): void;
  transfer(target: string): Promise<{ ok: boolean; reason?: string }>;
  /** False when the call can no longer take an instruction. */
  whisper(text: string): boolean;
  endCall(): Promise<void>;
  readonly isEnded: boolean;
}

/**
 * A transfer's outcome can take ACS half a minute; the supervisor's request waits this long for it and
 * is otherwise acknowledged as under way (the monitor shows how it ends).
 */
export const TRANSFER_ACK_WAIT_MS = 3000;

export function controlledCallFor(
  session: SupervisableSession,
  callConnectionId: string,
  transferNumber: string | undefined,
  transferAckWaitMs = TRANSFER_ACK_WAIT_MS,
): ControlledCall {
  return {
    callConnectionId,
    async hangUp() {
      if (session.isEnded) throw new ActionError("call-ended", "the call has already ended");
      // The bot says goodbye first (up to a few seconds): acknowledged once the hang-up is under way.
      void session.endCall();
    },
    async transfer(target) {
      const to = target ?? transferNumber;
      if (to === undefined) throw new ActionError("not-configured", "no transfer number is configured");
      if (session.isEnded) throw new ActionError("call-ended", "the call has already ended");
      let timer: ReturnType<typeof setTimeout> | undefined;
      const underWay = new Promise<{ ok: true }>((resolve) => {
        timer = setTimeout(() => resolve({ ok: true }), transferAckWaitMs);
      });
      const outcome = await Promise.race([session.transfer(to), underWay]).finally(() => clearTimeout(timer));
      if (!outcome.ok) throw new ActionError("failed", outcome.reason ?? "the transfer failed");
    },
    async whisper(text) {
      if (!session.whisper(text))
        throw new ActionError("call-ended", "the call cannot take instructions now");
    },
    onCallAutomationEvent(event: CallAutomationEvent) {
      const result = event.data.resultInformation;
      session.onCallAutomationEvent({
        type: event.type,
        callConnectionId: event.callConnectionId,
        operationContext:
          typeof event.data.operationContext === "string" ? event.data.operationContext : undefined,
        resultInformation:
          typeof result === "object" && result !== null
            ? (result as { code?: number; subCode?: number; message?: string })
            : undefined,
      });
    },
  };
}

/** Forwards the session's events to the channel as monitor activity; returns the unsubscribe function. */
export function reportSessionEvents(session: SupervisableSession, channel: CallChannel): () => void {
  return session.subscribe((event) => {
    const activity = activityOf(event);
    if (activity !== undefined) channel.report(activity);
  });
}

export function activityOf(event: SessionEvent): CallActivity | undefined {
  const e = event as Record<string, unknown>;
  switch (event.type) {
    case "state":
      // The end is published by the channel itself, with the reason.
      return e.state === "ended" ? undefined : { kind: "state", state: e.state as "active" };
    case "transcript":
      return typeof e.text === "string" && e.text.trim() !== ""
        ? { kind: "transcript", role: e.role === "bot" ? "bot" : "caller", text: e.text }
        : undefined;
    case "turn": {
      const latencyMs = (e.turn as { latencyMs?: unknown } | undefined)?.latencyMs;
      return typeof latencyMs === "number" ? { kind: "turn", latencyMs } : undefined;
    }
    case "barge-in":
      return { kind: "bargeIn" };
    case "tool":
      return typeof e.name === "string" ? { kind: "tool", name: e.name } : undefined;
    default:
      // DTMF digits can be PINs: never published.
      return undefined;
  }
}
