// The adapter between a call session and the control plane, on a fake session: what reaches the session
// for each action, how its outcome is reported, and which session events become monitor activity.

import type { CallAutomationEventInput } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { ActionError } from "../../src/control-plane/controlled-call.js";
import {
  activityOf,
  controlledCallFor,
  type SupervisableSession,
} from "../../src/control-plane/session-adapter.js";
import type { CallEvent } from "../../src/session/call-events.js";
import type { TransferOutcome } from "../../src/tools/tool.js";

function fakeSession(options: { transfer?: () => Promise<TransferOutcome>; whisperOk?: boolean } = {}) {
  const calls: string[] = [];
  const automation: CallAutomationEventInput[] = [];
  const session: SupervisableSession & { ended: boolean } = {
    ended: false,
    get isEnded() {
      return this.ended;
    },
    subscribe: () => () => {},
    onCallAutomationEvent: (event) => automation.push(event),
    transfer(target) {
      calls.push(`transfer ${target}`);
      return options.transfer?.() ?? Promise.resolve({ ok: true });
    },
    whisper(text) {
      calls.push(`whisper ${text}`);
      return options.whisperOk ?? true;
    },
    endCall() {
      calls.push("endCall");
      return new Promise(() => {}); // the goodbye takes its time
    },
  };
  return { session, calls, automation };
}

describe("controlledCallFor", () => {
  it("acknowledges a hang-up once it is under way, and refuses one for an ended call", async () => {
    const { session, calls } = fakeSession();
    const call = controlledCallFor(session, "c1", undefined);
    await expect(call.hangUp()).resolves.toBeUndefined();
    expect(calls).toEqual(["endCall"]);
    session.ended = true;
    await expect(call.hangUp()).rejects.toMatchObject({ code: "call-ended" });
  });

  it("transfers to the given or the configured number and reports a quick refusal", async () => {
    const refused = fakeSession({
      transfer: async () => ({ ok: false, reason: "the transfer failed (403)" }),
    });
    await expect(
      controlledCallFor(refused.session, "c1", "+14255550199").transfer(undefined),
    ).rejects.toEqual(new ActionError("failed", "the transfer failed (403)"));
    expect(refused.calls).toEqual(["transfer +14255550199"]);

    const slow = fakeSession({ transfer: () => new Promise(() => {}) });
    await expect(
      controlledCallFor(slow.session, "c1", undefined, 20).transfer("+14255550100"),
    ).resolves.toBeUndefined();
    await expect(controlledCallFor(slow.session, "c1", undefined).transfer(undefined)).rejects.toMatchObject({
      code: "not-configured",
    });
  });

  it("whispers, or says the call cannot take it", async () => {
    await expect(
      controlledCallFor(fakeSession().session, "c1", undefined).whisper("be brief"),
    ).resolves.toBeUndefined();
    await expect(
      controlledCallFor(fakeSession({ whisperOk: false }).session, "c1", undefined).whisper("x"),
    ).rejects.toMatchObject({ code: "call-ended" });
  });

  it("hands callback events to the session in its own shape", () => {
    const { session, automation } = fakeSession();
    controlledCallFor(session, "c1", undefined).onCallAutomationEvent({
      id: "e1",
      type: "CallTransferFailed",
      callConnectionId: "c1",
      data: {
        callConnectionId: "c1",
        operationContext: "transfer",
        resultInformation: { code: 500, subCode: 7504 },
      },
    });
    expect(automation).toEqual([
      {
        type: "CallTransferFailed",
        callConnectionId: "c1",
        operationContext: "transfer",
        resultInformation: { code: 500, subCode: 7504 },
      },
    ]);
  });
});

describe("activityOf", () => {
  it("shows state, transcript, turn latency, barge-ins and tools; never DTMF digits", () => {
    const events: CallEvent[] = [
      { type: "state", state: "active", atMs: 1 },
      { type: "transcript", role: "caller", text: "hello", atMs: 2 },
      { type: "transcript", role: "bot", text: "  ", atMs: 2 },
      { type: "barge-in", heardMs: 300, atMs: 3 },
      { type: "tool", name: "end_call", status: "ok", durationMs: 2, atMs: 4 },
      { type: "dtmf", keyCount: 4, atMs: 5 },
      { type: "state", state: "ended", atMs: 6 },
      { type: "ended", reason: "caller-hung-up", atMs: 6 },
    ];
    expect(events.map(activityOf).filter((a) => a !== undefined)).toEqual([
      { kind: "state", state: "active" },
      { kind: "transcript", role: "caller", text: "hello" },
      { kind: "bargeIn" },
      { kind: "tool", name: "end_call" },
    ]);
  });
});
