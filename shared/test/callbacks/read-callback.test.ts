// The Call Automation callback shape both deployables read, against the callbacks ACS really posts
// (fixtures/acs/callback-*.json and a whole recorded call), with the SDK's parser as an independent oracle,
// and read tolerantly: explicit nulls are absent fields, unknown fields pass through.
import { parseCallAutomationEvent } from "@azure/communication-call-automation";
import { describe, expect, it } from "vitest";
import { callAutomationEventFromCloudEvent } from "../../src/callbacks/call-automation-event-input.js";
import { readCallback, readCallbackEnvelope } from "../../src/callbacks/read-callback.js";
import { listFixtures, readFixtureJson } from "../fixtures.js";

const callbackFixtures = listFixtures("acs").filter((file) => file.startsWith("callback-"));
const firstOf = (file: string): Record<string, unknown> =>
  readFixtureJson<Record<string, unknown>[]>("acs", file)[0] ?? {};

describe("readCallback", () => {
  it.each(callbackFixtures)("reads %s as the SDK does", (file) => {
    const cloudEvent = firstOf(file);
    const oracle = parseCallAutomationEvent([cloudEvent] as unknown as Record<string, unknown>) as {
      kind: string;
      callConnectionId: string;
      correlationId?: string;
      serverCallId?: string;
      resultInformation?: { code?: number; subCode?: number };
    };
    const event = readCallback(cloudEvent);
    expect(event).toMatchObject({
      type: oracle.kind,
      callConnectionId: oracle.callConnectionId,
      correlationId: oracle.correlationId,
      serverCallId: oracle.serverCallId,
      resultCode: oracle.resultInformation?.code,
      resultSubCode: oracle.resultInformation?.subCode,
    });
    // Type-specific fields stay in `data` for whoever needs them.
    expect(event?.data).toMatchObject(cloudEvent.data as Record<string, unknown>);
  });

  it("reads every callback of a recorded call", () => {
    const [, ...callbacks] = readFixtureJson<unknown[][]>(
      "acs",
      "callbacks-answer-mediastreaming.sdk-js-recording.json",
    );
    const types = callbacks.flat().map((item) => readCallback(item)?.type ?? "(unread)");
    expect(types).toContain("CallConnected");
    expect(types).not.toContain("(unread)");
  });

  it("reads explicit nulls as absent and keeps unknown fields", () => {
    const real = firstOf("callback-PlayFailed.sdk-python-live.json");
    const withNulls = {
      ...real,
      time: null,
      somethingNew: { nested: true },
      data: {
        ...(real.data as Record<string, unknown>),
        correlationId: null,
        serverCallId: null,
        operationContext: null,
        resultInformation: { code: 400, subCode: null, message: null, sipDetails: { code: 488 } },
        futureField: "kept",
      },
    };
    const event = readCallback(withNulls);
    expect(event).toBeDefined();
    expect(event?.time).toBeUndefined();
    expect(event?.correlationId).toBeUndefined();
    expect(event?.serverCallId).toBeUndefined();
    expect(event?.resultCode).toBe(400);
    expect(event?.resultSubCode).toBeUndefined();
    expect(event?.data.futureField).toBe("kept");
    expect(event?.data.failedPlaySourceIndex).toBe(0);
    // The SDK takes the same payload.
    expect(parseCallAutomationEvent([withNulls] as unknown as Record<string, unknown>).kind).toBe(
      "PlayFailed",
    );
  });

  it("reads no event without a call connection id fit for a group name and a table key", () => {
    const real = firstOf("callback-CallConnected.json");
    const data = real.data as Record<string, unknown>;
    expect(readCallback({ ...real, data: { ...data, callConnectionId: null } })).toBeUndefined();
    expect(readCallback({ ...real, data: { ...data, callConnectionId: "a/b" } })).toBeUndefined();
    expect(readCallback({ ...real, id: "" })).toBeUndefined();
    expect(readCallbackEnvelope({ type: "Microsoft.Communication.CallConnected" })).toBeUndefined();
    expect(readCallbackEnvelope(real)).toEqual({ id: real.id, type: "CallConnected" });
  });
});

describe("callAutomationEventFromCloudEvent", () => {
  it("gives a session the type, the operation context and the result of a real callback", () => {
    expect(callAutomationEventFromCloudEvent(firstOf("callback-AnswerFailed.SYNTHETIC.json"))).toEqual({
      type: "AnswerFailed",
      callConnectionId: "401f3500-62bd-46a9-8c09-9e1b06caca01",
      operationContext: "answer-ctx",
      resultInformation: expect.objectContaining({ code: 400, subCode: 8528 }),
    });
  });

  it("reads a context of another type, or null, as none, and ignores what is not a callback", () => {
    const transferFailed = {
      type: "Microsoft.Communication.CallTransferFailed",
      data: { callConnectionId: "c1", operationContext: 42, resultInformation: null },
    };
    expect(callAutomationEventFromCloudEvent(transferFailed)).toEqual({
      type: "CallTransferFailed",
      callConnectionId: "c1",
    });
    expect(callAutomationEventFromCloudEvent({ type: "CallDisconnected", data: {} })).toBeUndefined();
    expect(callAutomationEventFromCloudEvent("CallDisconnected")).toBeUndefined();
  });
});
