// Event Grid delivery of Microsoft.Communication.IncomingCall as a webhook receives it: the validation
// handshake of each schema, payloads shaped exactly like the captured/spec fixtures, retries on failure,
// and deliberate duplicates (Event Grid is at-least-once).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readFixtureJson } from "../../../shared/test/fixtures.js";
import { keyShapeDifferences } from "../../../shared/test/key-shape.js";
import { type AcsEmulator, startAcsEmulator } from "../../src/acs/index.js";
import { startTestWebhook, type TestWebhook } from "./helpers/test-webhook.js";

let emulator: AcsEmulator;
let app: TestWebhook;

beforeEach(async () => {
  emulator = await startAcsEmulator({ startMediaClient: false, eventGridRetryScheduleMs: [50, 100] });
  app = await startTestWebhook();
});
afterEach(async () => {
  await emulator.close();
  await app.close();
});

const notifications = () => app.received.filter((r) => r.headers["aeg-event-type"] === "Notification");

describe("EventGrid schema", () => {
  it("validates the subscription first, with the documented SubscriptionValidation event", async () => {
    const result = await emulator.ringIncomingCall({ webhookUrl: `${app.url}/api/incomingCall` });
    expect(result.handshake).toMatchObject({ schema: "EventGrid", ok: true, status: 200 });
    const [validation] = app.received;
    expect(validation?.method).toBe("POST");
    expect(validation?.headers["aeg-event-type"]).toBe("SubscriptionValidation");
    const fixture = readFixtureJson("acs", "eventgrid-subscriptionvalidation.learn-docs.json");
    expect(keyShapeDifferences(validation?.json, fixture)).toEqual([]);
    expect(result.handshake?.validationResponse).toBe(
      (validation?.json as Array<{ data: { validationCode: string } }> | undefined)?.[0]?.data.validationCode,
    );
  });

  it("delivers IncomingCall between ACS users with the keys and casing of the learn-docs sample", async () => {
    const result = await emulator.ringIncomingCall({
      webhookUrl: `${app.url}/api/incomingCall`,
      from: `8:acs:${emulator.resourceId}_caller`,
      to: `8:acs:${emulator.resourceId}_bot`,
      callerDisplayName: "John Doe",
    });
    expect(result.deliveries).toEqual([
      { delivered: true, attempts: [expect.objectContaining({ deliveryCount: 0, status: 200 })] },
    ]);
    const [delivery] = notifications();
    expect(delivery?.headers["content-type"]).toMatch(/^application\/json/);
    expect(delivery?.headers["aeg-delivery-count"]).toBe("0");
    const body = delivery?.json as Array<Record<string, unknown>>;
    expect(Array.isArray(body) && body.length).toBe(1);
    expect(
      keyShapeDifferences(body, readFixtureJson("acs", "eventgrid-incomingcall.learn-docs.json")),
    ).toEqual([]);
    expect(body[0]).toMatchObject({
      id: result.eventId,
      eventType: "Microsoft.Communication.IncomingCall",
      dataVersion: "1.0",
      metadataVersion: "1",
      data: { incomingCallContext: result.incomingCallContext, correlationId: result.correlationId },
    });
    expect(String(body[0]?.eventTime)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
  });

  it("delivers a PSTN IncomingCall whose data is shaped like the live capture", async () => {
    await emulator.ringIncomingCall({
      webhookUrl: `${app.url}/api/incomingCall`,
      from: "+14255550123",
      to: "+18005550100",
    });
    const body = notifications()[0]?.json as Array<{ subject: string; data: unknown }>;
    const pstn = readFixtureJson<{ data: unknown }>(
      "acs",
      "eventgrid-incomingcall-data-pstn.sdk-python-live.excerpt.json",
    );
    expect(keyShapeDifferences(body[0]?.data, pstn.data)).toEqual([]);
    expect(body[0]).toMatchObject({
      subject: "/caller/4:+14255550123/recipient/4:+18005550100",
      data: {
        from: { kind: "phoneNumber", rawId: "4:+14255550123", phoneNumber: { value: "+14255550123" } },
      },
    });
  });

  it("makes an opaque incomingCallContext like the service's (unsigned JWT form, several KB)", async () => {
    const { incomingCallContext } = await emulator.ringIncomingCall({
      webhookUrl: `${app.url}/api/incomingCall`,
    });
    expect(incomingCallContext.startsWith("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.")).toBe(true);
    expect(incomingCallContext.endsWith(".")).toBe(true);
    expect(incomingCallContext.length).toBeGreaterThan(1000);
  });

  it("validates a subscription once, not on every ring", async () => {
    await emulator.ringIncomingCall({ webhookUrl: `${app.url}/api/incomingCall` });
    const second = await emulator.ringIncomingCall({ webhookUrl: `${app.url}/api/incomingCall` });
    expect(second.handshake).toBeUndefined();
    expect(app.received.filter((r) => r.headers["aeg-event-type"] === "SubscriptionValidation")).toHaveLength(
      1,
    );
    expect(notifications()).toHaveLength(2);
  });

  it("delivers nothing when the webhook fails the handshake", async () => {
    const rejecting = await startTestWebhook({ rejectHandshake: true });
    try {
      const result = await emulator.ringIncomingCall({ webhookUrl: `${rejecting.url}/api/incomingCall` });
      expect(result.handshake?.ok).toBe(false);
      expect(result.deliveries).toEqual([]);
      expect(rejecting.received).toHaveLength(1);
    } finally {
      await rejecting.close();
    }
  });
});

describe("CloudEvents schema", () => {
  it("sends the OPTIONS handshake, then a CloudEvent shaped like the REST spec example", async () => {
    const fixture = readFixtureJson<{
      data: { customContext: { sipHeaders: Record<string, string>; voipHeaders: Record<string, string> } };
    }>("acs", "eventgrid-incomingcall.cloudevents.rest-api-specs.json");
    const result = await emulator.ringIncomingCall({
      webhookUrl: `${app.url}/api/incomingCall`,
      schema: "CloudEvents",
      from: "8:acs:caller",
      to: "8:acs:callee",
      customContext: fixture.data.customContext,
    });
    expect(result.handshake).toMatchObject({
      schema: "CloudEvents",
      ok: true,
      allowedOrigin: "eventgrid.azure.net",
    });
    const [options, delivery] = app.received;
    expect(options?.method).toBe("OPTIONS");
    expect(options?.headers["webhook-request-origin"]).toBe("eventgrid.azure.net");
    expect(delivery?.headers["content-type"]).toMatch(/^application\/cloudevents\+json/);
    expect(delivery?.headers["aeg-event-type"]).toBe("Notification");
    expect(keyShapeDifferences(delivery?.json, fixture)).toEqual([]);
    expect(delivery?.json).toMatchObject({
      type: "Microsoft.Communication.IncomingCall",
      specversion: "1.0",
      id: result.eventId,
    });
  });
});

describe("retries and duplicates", () => {
  it("retries a failing webhook on the configured schedule until it answers 2xx", async () => {
    app.statuses.push(500, 503);
    const result = await emulator.ringIncomingCall({ webhookUrl: `${app.url}/api/incomingCall` });
    const [delivery] = result.deliveries;
    expect(delivery?.delivered).toBe(true);
    expect(delivery?.attempts.map((a) => [a.deliveryCount, a.status])).toEqual([
      [0, 500],
      [1, 503],
      [2, 200],
    ]);
    const received = notifications();
    expect(received.map((r) => r.headers["aeg-delivery-count"])).toEqual(["0", "1", "2"]);
    expect(new Set(received.map((r) => (r.json as Array<{ id: string }>)[0]?.id)).size).toBe(1);
    // Each retry waits at least its scheduled delay (lower bounds only).
    const gaps = received.slice(1).map((r, i) => r.receivedAtMs - (received[i]?.receivedAtMs ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(45);
    expect(gaps[1]).toBeGreaterThanOrEqual(95);
  });

  it("gives up after the schedule is used up", async () => {
    app.statuses.push(500, 500, 500, 500);
    const result = await emulator.ringIncomingCall({
      webhookUrl: `${app.url}/api/incomingCall`,
      retryScheduleMs: [10],
    });
    expect(result.deliveries[0]).toMatchObject({ delivered: false });
    expect(result.deliveries[0]?.attempts).toHaveLength(2);
  });

  it("treats 204 as delivered and 205 as a failure", async () => {
    app.statuses.push(204);
    const ok = await emulator.ringIncomingCall({
      webhookUrl: `${app.url}/api/incomingCall`,
      retryScheduleMs: [],
    });
    expect(ok.deliveries[0]?.delivered).toBe(true);
    app.statuses.push(205);
    const notOk = await emulator.ringIncomingCall({
      webhookUrl: `${app.url}/api/incomingCall`,
      retryScheduleMs: [],
    });
    expect(notOk.deliveries[0]?.delivered).toBe(false);
  });

  it("delivers the same event twice, one after the other", async () => {
    const result = await emulator.ringIncomingCall({
      webhookUrl: `${app.url}/api/incomingCall`,
      duplicate: "sequential",
    });
    expect(result.deliveries).toHaveLength(2);
    const ids = notifications().map((r) => (r.json as Array<{ id: string }>)[0]?.id);
    expect(ids).toEqual([result.eventId, result.eventId]);
    expect(app.maxInFlight).toBe(1);
  });

  it("delivers the same event twice at the same time", async () => {
    const slow = await startTestWebhook({ delayMs: 150 });
    try {
      const result = await emulator.ringIncomingCall({
        webhookUrl: `${slow.url}/api/incomingCall`,
        duplicate: "concurrent",
        handshake: "skip",
      });
      expect(result.deliveries.map((d) => d.delivered)).toEqual([true, true]);
      expect(slow.received).toHaveLength(2);
      expect(slow.received[0]?.text).toBe(slow.received[1]?.text);
      expect(slow.maxInFlight).toBe(2);
    } finally {
      await slow.close();
    }
  });
});
