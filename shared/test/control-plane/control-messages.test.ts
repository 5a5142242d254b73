// The control plane's messages: what the functions app writes is what the worker reads (one definition for
// both), read tolerantly (explicit nulls, extra fields), and a supervisor's request is read strictly.
import { describe, expect, it } from "vitest";
import { readCallback } from "../../src/callbacks/read-callback.js";
import { type ActionAck, actionAckSchema } from "../../src/control-plane/action-ack.js";
import {
  type ActionMessage,
  type CallEventMessage,
  controlMessageSchema,
} from "../../src/control-plane/control-message.js";
import { CALL_CONNECTION_ID_PATTERN, callGroup } from "../../src/control-plane/groups.js";
import {
  supervisorActionSchema,
  supervisorRequestSchema,
} from "../../src/control-plane/supervisor-action.js";
import { listFixtures, readFixtureJson } from "../fixtures.js";

/** What Web PubSub delivers: the JSON the sender serialized. */
const overTheWire = (message: unknown): unknown => JSON.parse(JSON.stringify(message));

describe("call events on a call's group", () => {
  const callbackFixtures = listFixtures("acs").filter((file) => file.startsWith("callback-"));

  it.each(callbackFixtures)("the worker reads %s as the functions app published it", (file) => {
    const [cloudEvent] = readFixtureJson<unknown[]>("acs", file);
    const event = readCallback(cloudEvent);
    if (event === undefined) throw new Error(`${file} was not read`);
    const published: CallEventMessage = { kind: "callEvent", event };
    const read = controlMessageSchema.safeParse(overTheWire(published));
    expect(read.success).toBe(true);
    expect(read.data).toEqual(overTheWire(published));
  });

  it("takes explicit nulls as absent and ignores fields it does not know", () => {
    const read = controlMessageSchema.parse({
      kind: "callEvent",
      sentBy: "a newer functions app",
      event: {
        id: "e1",
        type: "CallDisconnected",
        callConnectionId: "c1",
        correlationId: null,
        serverCallId: null,
        time: null,
        resultCode: null,
        resultSubCode: 7000,
        data: { callConnectionId: "c1" },
        extra: 1,
      },
    });
    expect(read).toEqual({
      kind: "callEvent",
      event: {
        id: "e1",
        type: "CallDisconnected",
        callConnectionId: "c1",
        resultSubCode: 7000,
        data: { callConnectionId: "c1" },
      },
    });
  });

  it("refuses an event whose call id could not name the group it came through", () => {
    const event = { id: "e", type: "CallConnected", callConnectionId: "a/b", data: {} };
    expect(controlMessageSchema.safeParse({ kind: "callEvent", event }).success).toBe(false);
    expect(CALL_CONNECTION_ID_PATTERN.test("06004980-19f4-465a-b630-76c371713dff")).toBe(true);
    expect(callGroup("06004980-19f4-465a-b630-76c371713dff")).toBe(
      "call.06004980-19f4-465a-b630-76c371713dff",
    );
  });
});

describe("supervisor actions", () => {
  it("the worker reads each action the functions app sends", () => {
    const actions: ActionMessage[] = [
      { kind: "action", actionId: "a1", action: { type: "hangUp" }, requestedBy: "ana@contoso.com" },
      { kind: "action", actionId: "a2", action: { type: "transfer", target: "+14255550199" } },
      { kind: "action", actionId: "a3", action: { type: "transfer", target: undefined } },
      { kind: "action", actionId: "a4", action: { type: "whisper", text: "offer the refund" } },
    ];
    for (const message of actions) {
      expect(controlMessageSchema.parse(overTheWire(message))).toEqual(overTheWire(message));
    }
  });

  it("on the group: a null target is the configured number, unknown fields are ignored", () => {
    expect(supervisorActionSchema.parse({ type: "transfer", target: null, reason: "x" })).toEqual({
      type: "transfer",
    });
    expect(supervisorActionSchema.safeParse({ type: "transfer", target: "555-0100" }).success).toBe(false);
    expect(supervisorActionSchema.safeParse({ type: "explode" }).success).toBe(false);
  });

  it("in a supervisor's request: exactly the action's fields", () => {
    expect(supervisorRequestSchema.parse({ type: "whisper", text: "  be brief " })).toEqual({
      type: "whisper",
      text: "be brief",
    });
    expect(supervisorRequestSchema.safeParse({ type: "hangUp", force: true }).success).toBe(false);
    expect(supervisorRequestSchema.safeParse({ type: "whisper", text: "x".repeat(2001) }).success).toBe(
      false,
    );
  });

  it("the functions app reads the worker's acknowledgement, extra fields and all", () => {
    const ack: ActionAck = {
      kind: "ack",
      actionId: "a2",
      ok: false,
      code: "not-configured",
      message: "no transfer number is configured",
    };
    expect(actionAckSchema.parse({ ...(overTheWire(ack) as object), worker: "w1" })).toEqual(ack);
    // The worker ignores acks it sees on the group.
    expect(controlMessageSchema.parse(overTheWire(ack))).toMatchObject({ kind: "ack" });
  });
});
