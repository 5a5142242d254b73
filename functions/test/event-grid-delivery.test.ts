import { describe, expect, it } from "vitest";
import { readFixtureJson } from "../../shared/test/fixtures.js";
import { parseEventGridDelivery, subscriptionValidationCode } from "../src/eventgrid/event-grid-delivery.js";
import { answerClaimKey, parseIncomingCall } from "../src/incoming-call/incoming-call-event.js";

describe("parseEventGridDelivery", () => {
  it.each([
    "eventgrid-incomingcall.learn-docs.json",
    "eventgrid-incomingcall.rest-api-specs.json",
    "eventgrid-incomingcall.cloudevents.rest-api-specs.json",
  ])("reads the IncomingCall fixture %s", (file) => {
    const delivery = parseEventGridDelivery(readFixtureJson("acs", file));
    expect(delivery.ok).toBe(true);
    if (!delivery.ok) return;
    expect(delivery.events).toHaveLength(1);
    expect(delivery.events[0]?.type).toBe("Microsoft.Communication.IncomingCall");
    const call = parseIncomingCall(delivery.events[0]?.data);
    expect(call?.incomingCallContext.length).toBeGreaterThan(0);
  });

  it("finds the validation code of the SubscriptionValidation handshake", () => {
    const delivery = parseEventGridDelivery(
      readFixtureJson("acs", "eventgrid-subscriptionvalidation.learn-docs.json"),
    );
    const expected = readFixtureJson<{ validationResponse: string }>(
      "acs",
      "eventgrid-subscriptionvalidation-response.learn-docs.json",
    );
    expect(delivery.ok && subscriptionValidationCode(delivery.events)).toBe(expected.validationResponse);
  });

  it.each([
    [[], "no events"],
    [[{ hello: "world" }], "neither"],
    ["text", "neither"],
    [null, "neither"],
  ])("refuses %j", (body, reason) => {
    const delivery = parseEventGridDelivery(body);
    expect(delivery.ok).toBe(false);
    if (!delivery.ok) expect(delivery.reason).toContain(reason);
  });
});

describe("answerClaimKey", () => {
  it("is the same for a redelivery and different for another call", () => {
    const [event] = readFixtureJson<Array<{ data: unknown }>>(
      "acs",
      "eventgrid-incomingcall.learn-docs.json",
    );
    const call = parseIncomingCall(event?.data);
    const again = parseIncomingCall(structuredClone(event?.data));
    if (call === undefined || again === undefined) throw new Error("fixture did not parse");
    expect(answerClaimKey(again)).toBe(answerClaimKey(call));
    expect(answerClaimKey({ ...call, incomingCallContext: `${call.incomingCallContext}x` })).not.toBe(
      answerClaimKey(call),
    );
    expect(answerClaimKey(call)).toMatch(/^[0-9a-f]{64}$/);
  });
});
