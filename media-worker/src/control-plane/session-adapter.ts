// Connects a call session to the control plane: the session's operations as a ControlledCall, and its
// event stream as the monitor's CallActivity. The control plane depends on the part of a CallSession it
// uses (SupervisableSession), so tests can drive it with a fake.
import {
  type CallAutomationEvent,
  type CallAutomationEventInput,
  callAutomationEventFromCloudEvent,
} from "@acs-voice/shared";
import type { CallEvent } from "../session/call-events.js";
import type { TransferOutcome } from "../tools/tool.js";
import type { CallChannel } from "./call-channel.js";
import { ActionError, type CallActivity, type ControlledCall } from "./controlled-call.js";

export interface SupervisableSession {
  subscribe(listener: (event: CallEvent) => void): () => void;
  onCallAutomationEvent(event: CallAutomationEventInput): void;
  transfer(target: string, actor?: string): Promise<TransferOutcome>;
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
    async transfer(target, requestedBy) {
      const to = target ?? transferNumber;
      if (to === undefined) throw new ActionError("not-configured", "no transfer number is configured");
      if (session.isEnded) throw new ActionError("call-ended", "the call has already ended");
      let timer: ReturnType<typeof setTimeout> | undefined;
      const underWay = new Promise<{ ok: true }>((resolve) => {
        timer = setTimeout(() => resolve({ ok: true }), transferAckWaitMs);
      });
      const actor = `supervisor:${requestedBy ?? "unnamed"}`;
      const outcome = await Promise.race([session.transfer(to, actor), underWay]).finally(() =>
        clearTimeout(timer),
      );
      if (!outcome.ok)
        throw new ActionError(outcome.code ?? "failed", outcome.reason ?? "the transfer failed");
    },
    async whisper(text) {
      if (!session.whisper(text))
        throw new ActionError("call-ended", "the call cannot take instructions now");
    },
    onCallAutomationEvent(event: CallAutomationEvent) {
      // The functions publish the short type and the CloudEvent's data: the shape the session reads.
      const input = callAutomationEventFromCloudEvent({ type: event.type, data: event.data });
      if (input !== undefined) session.onCallAutomationEvent(input);
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

export function activityOf(event: CallEvent): CallActivity | undefined {
  switch (event.type) {
    case "state":
      // The end is published by the channel itself, with the reason.
      return event.state === "ended" ? undefined : { kind: "state", state: event.state };
    case "transcript":
      return event.text.trim() === ""
        ? undefined
        : { kind: "transcript", role: event.role, text: event.text };
    case "turn":
      return event.turn.latencyMs === undefined
        ? undefined
        : { kind: "turn", latencyMs: event.turn.latencyMs };
    case "barge-in":
      return { kind: "bargeIn" };
    case "tool":
      return { kind: "tool", name: event.name };
    default:
      // DTMF digits can be PINs: never published. Voice Live reconnects and the end are not activity.
      return undefined;
  }
}
