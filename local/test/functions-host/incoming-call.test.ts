import {
  ANSWER_CLAIMS_TABLE,
  type CallAutomation,
  createCallAutomation,
  createTableAnswerClaims,
  createTableClient,
} from "@acs-voice/functions/app";
import { RestError } from "@azure/core-rest-pipeline";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readFixtureText } from "../../../shared/test/fixtures.js";
import { type Azurite, startAzurite } from "../../src/azurite/index.js";
import { answerRequests, type Harness, post, startHarness } from "./harness.js";

describe("POST /api/incomingCall through the functions dev host", () => {
  let azurite: Azurite;
  let harness: Harness | undefined;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(() => azurite.close());
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });
  const webhook = (h: Harness) => h.host.incomingCallUrl;

  it("passes the Event Grid schema handshake (SubscriptionValidation → 200 validationResponse)", async () => {
    harness = await startHarness(azurite);
    const ring = await harness.acs.ringIncomingCall({ webhookUrl: webhook(harness), handshake: "always" });
    expect(ring.handshake?.ok).toBe(true);
    expect(ring.handshake?.validationResponse).toBe(ring.handshake?.validationCode);

    const fixture = await post(
      webhook(harness),
      readFixtureText("acs", "eventgrid-subscriptionvalidation.learn-docs.json"),
      {
        "content-type": "application/json",
        "aeg-event-type": "SubscriptionValidation",
      },
    );
    expect(fixture).toMatchObject({
      status: 200,
      json: { validationResponse: "512d38b6-c7b8-40c8-89fe-f46f9e9622b6" },
    });
  });

  it("passes the CloudEvents handshake (OPTIONS → WebHook-Allowed-Origin) and answers in that schema", async () => {
    harness = await startHarness(azurite);
    const ring = await harness.acs.ringIncomingCall({ webhookUrl: webhook(harness), schema: "CloudEvents" });
    expect(ring.handshake).toMatchObject({ ok: true, allowedOrigin: "eventgrid.azure.net" });
    expect(ring.deliveries[0]?.delivered).toBe(true);
    expect(answerRequests(harness.acs)).toHaveLength(1);
  });

  it("answers an IncomingCall with exactly the expected request", async () => {
    harness = await startHarness(azurite);
    const ring = await harness.acs.ringIncomingCall({ webhookUrl: webhook(harness) });
    expect(ring.deliveries[0]?.attempts.map((a) => a.status)).toEqual([200]);
    const [answer] = answerRequests(harness.acs);
    expect(answer?.status).toBe(200);
    // The call's ticket (43 base64url characters) ends both URLs: its media and callbacks are bound to it.
    const ticket = /\/api\/callbacks\/([A-Za-z0-9_-]{43})$/.exec(
      String((answer?.body as { callbackUri?: unknown } | undefined)?.callbackUri),
    )?.[1];
    expect(ticket).toBeDefined();
    expect(answer?.body).toEqual({
      incomingCallContext: ring.incomingCallContext,
      callbackUri: `${harness.env.CALLBACK_BASE_URL}/api/callbacks/${ticket}`,
      mediaStreamingOptions: {
        transportType: "websocket",
        transportUrl: `ws://127.0.0.1:9/media/${ticket}`,
        contentType: "audio",
        audioChannelType: "mixed",
        startMediaStreaming: true,
        enableBidirectional: true,
        audioFormat: "pcm24KMono",
        enableDtmfTones: true,
      },
    });
  });

  it.each(["sequential", "concurrent"] as const)(
    "answers a %s duplicate delivery once",
    async (duplicate) => {
      harness = await startHarness(azurite);
      const ring = await harness.acs.ringIncomingCall({ webhookUrl: webhook(harness), duplicate });
      expect(ring.deliveries.map((d) => d.delivered)).toEqual([true, true]);
      expect(answerRequests(harness.acs)).toHaveLength(1);
    },
  );

  it("lets Event Grid redeliver after a transient ACS failure, and answers on the retry", async () => {
    let failuresLeft = 1;
    harness = await startHarness(azurite, (acs) => ({
      callAutomation: failingFirst(acs.connectionString, () => failuresLeft-- > 0),
    }));
    const ring = await harness.acs.ringIncomingCall({ webhookUrl: webhook(harness) });
    expect(ring.deliveries[0]?.attempts.map((a) => a.status)).toEqual([503, 200]);
    expect(answerRequests(harness.acs)).toHaveLength(1);
  });

  it("asks for a redelivery while the de-duplication store is down, and answers once it is back", async () => {
    const claims = createTableAnswerClaims(
      createTableClient(
        { kind: "connection-string", connectionString: azurite.connectionString },
        ANSWER_CLAIMS_TABLE,
      ),
    );
    let outagesLeft = 1;
    harness = await startHarness(azurite, () => ({
      claims: {
        ...claims,
        claim: (...args) =>
          outagesLeft-- > 0 ? Promise.reject(new Error("storage outage")) : claims.claim(...args),
      },
    }));
    const ring = await harness.acs.ringIncomingCall({ webhookUrl: webhook(harness) });
    expect(ring.deliveries[0]?.attempts.map((a) => a.status)).toEqual([503, 200]);
    expect(answerRequests(harness.acs)).toHaveLength(1);
  });

  it("does not ask for a redelivery when the call is gone, and never answers it later", async () => {
    const notUsed = () => Promise.reject(new Error("not used"));
    harness = await startHarness(azurite, () => ({
      callAutomation: {
        answerCall: () => Promise.reject(new RestError("Not found", { statusCode: 404, code: "8522" })),
        createCall: notUsed,
        startMediaStreaming: notUsed,
        playAudio: notUsed,
        transfer: notUsed,
        hangUp: notUsed,
        ourNumber: notUsed,
      },
    }));
    const ring = await harness.acs.ringIncomingCall({
      webhookUrl: webhook(harness),
      duplicate: "sequential",
    });
    expect(ring.deliveries.map((d) => d.attempts.map((a) => a.status))).toEqual([[200], [200]]);
    expect(harness.logLines.filter((l) => l.includes("answering the incoming call failed"))).toHaveLength(1);
  });

  it("ignores other event types and refuses bad input with 4xx, never 500", async () => {
    harness = await startHarness(azurite);
    const url = webhook(harness);
    const other = [{ id: "1", eventType: "Microsoft.Communication.RecordingFileStatusUpdated", data: {} }];
    expect(await post(url, JSON.stringify(other))).toMatchObject({
      status: 200,
      json: { ignored: 1, answered: [] },
    });
    expect((await post(url, "{not json")).status).toBe(400);
    expect((await post(url, "[]")).status).toBe(400);
    expect((await post(url, JSON.stringify([{ what: 1 }]))).status).toBe(400);
    const noContext = [
      { id: "2", eventType: "Microsoft.Communication.IncomingCall", data: { correlationId: "x" } },
    ];
    expect((await post(url, JSON.stringify(noContext))).status).toBe(400);
    expect((await post(url, "[]", { "content-type": "text/plain" })).status).toBe(415);
    expect((await post(url, "[]", {})).status).toBe(415);
    expect((await post(url, new Uint8Array(2_000_000).fill(32))).status).toBe(413);
    expect((await fetch(url)).status).toBe(405);
    expect(answerRequests(harness.acs)).toHaveLength(0);
  });

  it("answers only calls to the bot's numbers, never one from them (a loop back into the bot)", async () => {
    const BOT = "+18005550100";
    harness = await startHarness(azurite, () => ({}), { env: { BOT_PHONE_NUMBERS: `${BOT}, +18005550101` } });
    const url = webhook(harness);
    const other = await harness.acs.ringIncomingCall({ webhookUrl: url, to: "+18005550777" });
    expect(other.deliveries[0]?.attempts.map((a) => a.status)).toEqual([200]);
    expect(answerRequests(harness.acs)).toHaveLength(0);
    const loop = await harness.acs.ringIncomingCall({ webhookUrl: url, to: BOT, from: "+18005550101" });
    expect(loop.deliveries[0]?.attempts.map((a) => a.status)).toEqual([200]);
    expect(answerRequests(harness.acs)).toHaveLength(0);
    const ours = await harness.acs.ringIncomingCall({ webhookUrl: url, to: BOT, from: "+14255550123" });
    expect(ours.deliveries[0]?.delivered).toBe(true);
    expect(answerRequests(harness.acs)).toHaveLength(1);
    const reasons = harness.logLines
      .filter((l) => l.includes("incoming call not for this bot"))
      .map((l) => (JSON.parse(l) as { reason: string }).reason);
    expect(reasons).toEqual(["not-our-number", "loop"]);
    expect(harness.logLines.join("\n")).not.toContain("+18005550777");
  });

  it("never logs the caller's number, the incoming call context or keys", async () => {
    harness = await startHarness(azurite);
    const ring = await harness.acs.ringIncomingCall({ webhookUrl: webhook(harness), from: "+14255550123" });
    expect(ring.deliveries[0]?.delivered).toBe(true);
    const logs = harness.logLines.join("\n");
    expect(logs).toContain("incoming call answered");
    expect(logs).toContain("+1425*****23");
    expect(logs).not.toContain("+14255550123");
    expect(logs).not.toContain(ring.incomingCallContext);
    expect(logs).not.toContain(harness.acs.accessKey);
  });
});

/** The real ACS client, except that the answers for which `shouldFail()` is true fail with a 503. */
function failingFirst(connectionString: string, shouldFail: () => boolean): CallAutomation {
  const endpoint = new URL(/endpoint=([^;]+)/i.exec(connectionString)?.[1] ?? "");
  const real = createCallAutomation({ kind: "connection-string", connectionString, endpoint });
  return {
    ...real,
    answerCall: (...args) =>
      shouldFail()
        ? Promise.reject(new RestError("Service Unavailable", { statusCode: 503 }))
        : real.answerCall(...args),
  };
}
