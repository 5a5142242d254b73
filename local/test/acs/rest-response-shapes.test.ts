// Raw REST answers (what goes over the wire, before the SDK reshapes them) against the REST spec example
// rest-answercall.rest-api-specs-2025-05-15.json.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFixtureJson } from "../../../shared/test/fixtures.js";
import { keyShapeDifferences } from "../../../shared/test/key-shape.js";
import { type AcsEmulator, startAcsEmulator } from "../../src/acs/index.js";
import { signedFetch } from "./helpers/signed-fetch.js";
import { startTestWebhook, type TestWebhook } from "./helpers/test-webhook.js";

let emulator: AcsEmulator;
let app: TestWebhook;
const API = "api-version=2026-03-12";

interface SpecExample {
  parameters: { answerCallRequest: Record<string, unknown> };
  responses: { "200": { body: Record<string, unknown> } };
}
const spec = readFixtureJson<SpecExample>("acs", "rest-answercall.rest-api-specs-2025-05-15.json");

beforeAll(async () => {
  emulator = await startAcsEmulator({ startMediaClient: false });
  app = await startTestWebhook();
});
afterAll(async () => {
  await emulator.close();
  await app.close();
});

async function answerAsInSpec(): Promise<{ status: number; body: Record<string, unknown> }> {
  const ring = await emulator.ringIncomingCall({
    webhookUrl: `${app.url}/api/incomingCall`,
    from: "+18440123456",
    to: "+11234567890",
  });
  // The spec's own request body, with our context and callback URL.
  const request = {
    ...spec.parameters.answerCallRequest,
    incomingCallContext: ring.incomingCallContext,
    callbackUri: `${app.url}/cb`,
  };
  const response = await signedFetch(emulator.url, {
    method: "POST",
    pathAndQuery: `/calling/callConnections:answer?${API}`,
    body: JSON.stringify(request),
    accessKey: emulator.accessKey,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("answer response", () => {
  it("accepts the spec example request and answers with the spec example's keys", async () => {
    const { status, body } = await answerAsInSpec();
    expect(status).toBe(200);
    const expected = spec.responses["200"].body;
    // Allowed differences: the spec example omits rawId, which the service and the SDK mapper both carry;
    // its parties are ACS users while this call is PSTN (phoneNumber identifiers); correlationId and
    // sourceDisplayName are in the SDK's CallConnectionPropertiesInternal mapper.
    const allowed = [
      /\.rawId: unexpected$/,
      /^\$\.(source|targets\[0\])\.(communicationUser: missing|phoneNumber: unexpected)$/,
      /^\$\.(correlationId|sourceDisplayName): unexpected$/,
    ];
    const differences = keyShapeDifferences(body, expected).filter((d) => !allowed.some((re) => re.test(d)));
    expect(differences).toEqual([]);
    expect(body).toMatchObject({
      sourceCallerIdNumber: { value: "+18440123456" },
      answeredFor: { value: "+11234567890" },
      callbackUri: `${app.url}/cb`,
      mediaStreamingSubscription: { state: "inactive", subscribedContentTypes: ["audio"] },
    });
  });

  it("reports the call through GET with the same keys and the new state", async () => {
    const { body } = await answerAsInSpec();
    const call = await emulator.waitForCall((c) => c.callConnectionId === body.callConnectionId);
    await call.waitForCallback("CallConnected");
    const response = await signedFetch(emulator.url, {
      method: "GET",
      pathAndQuery: `/calling/callConnections/${String(body.callConnectionId)}?${API}`,
      accessKey: emulator.accessKey,
    });
    const current = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(current).sort()).toEqual(Object.keys(body).sort());
    expect(current.callConnectionState).toBe("connected");
    expect(current.mediaStreamingSubscription).toMatchObject({ state: "active" });
  });
});
