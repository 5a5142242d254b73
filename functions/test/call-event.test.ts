import { parseCallAutomationEvent } from "@azure/communication-call-automation";
import { describe, expect, it } from "vitest";
import { listFixtures, readFixtureJson } from "../../shared/test/fixtures.js";
import { parseCallbackBatch } from "../src/callbacks/call-event.js";

const callbackFixtures = listFixtures("acs").filter((file) => file.startsWith("callback-"));

describe("parseCallbackBatch", () => {
  it.each(callbackFixtures)("reads %s as the SDK does", (file) => {
    const body = readFixtureJson<unknown[]>("acs", file);
    const batch = parseCallbackBatch(body);
    expect(batch.ok).toBe(true);
    if (!batch.ok) return;
    expect(batch.ignoredTypes).toEqual([]);
    const [event] = batch.events;
    // The SDK (an independent parser) agrees on the kind and the call connection.
    const oracle = parseCallAutomationEvent(body as unknown as Record<string, unknown>) as {
      kind: string;
      callConnectionId: string;
    };
    expect(event?.type).toBe(oracle.kind);
    expect(event?.callConnectionId).toBe(oracle.callConnectionId);
  });

  it("reads every recorded callback of a whole call", () => {
    const [, ...callbacks] = readFixtureJson<unknown[]>(
      "acs",
      "callbacks-answer-mediastreaming.sdk-js-recording.json",
    );
    const types = callbacks.flatMap((body) => {
      const batch = parseCallbackBatch(body);
      return batch.ok ? batch.events.map((e) => e.type) : ["(refused)"];
    });
    expect(types).toContain("CallConnected");
    expect(types).toContain("MediaStreamingStarted");
    expect(types).toContain("CallDisconnected");
    expect(types).not.toContain("(refused)");
  });

  it("keeps the result information", () => {
    const batch = parseCallbackBatch(readFixtureJson("acs", "callback-PlayFailed.sdk-python-live.json"));
    expect(batch.ok && batch.events[0]).toMatchObject({ resultCode: 400, resultSubCode: 8535 });
  });

  it("accepts and ignores unknown event types, even without a call connection", () => {
    const batch = parseCallbackBatch([
      { id: "1", type: "Microsoft.Communication.SomethingNew", data: {} },
      { id: "2", type: "Microsoft.Communication.CallConnected", data: { callConnectionId: "abc-123" } },
    ]);
    expect(batch).toMatchObject({ ok: true, ignoredTypes: ["SomethingNew"] });
    expect(batch.ok && batch.events.map((e) => e.type)).toEqual(["CallConnected"]);
  });

  it.each([
    [[], "no events"],
    [[{ type: "Microsoft.Communication.CallConnected" }], "id and type"],
    [[{ id: "1", type: "Microsoft.Communication.CallConnected", data: {} }], "callConnectionId"],
    [
      [{ id: "1", type: "Microsoft.Communication.CallConnected", data: { callConnectionId: "a/b" } }],
      "callConnectionId",
    ],
    [42, "id and type"],
  ])("refuses %j", (body, reason) => {
    const batch = parseCallbackBatch(body);
    expect(batch.ok).toBe(false);
    if (!batch.ok) expect(batch.reason).toContain(reason);
  });
});
