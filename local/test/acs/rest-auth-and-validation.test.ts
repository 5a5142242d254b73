// HMAC request verification and body validation as ACS does them: a wrong key, a tampered body or a stale
// date is 401 (7509); a missing required field is 400 with an ACS-shaped `{error:{code,message}}`.
import { CallAutomationClient } from "@azure/communication-call-automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AcsEmulator, startAcsEmulator } from "../../src/acs/index.js";
import { signedFetch } from "./helpers/signed-fetch.js";
import { startTestWebhook, type TestWebhook } from "./helpers/test-webhook.js";

let emulator: AcsEmulator;
let app: TestWebhook;
const API = "api-version=2026-03-12";

beforeAll(async () => {
  emulator = await startAcsEmulator({ startMediaClient: false });
  app = await startTestWebhook();
});
afterAll(async () => {
  await emulator.close();
  await app.close();
});

async function ringContext(): Promise<string> {
  return (await emulator.ringIncomingCall({ webhookUrl: `${app.url}/api/incomingCall` })).incomingCallContext;
}

function answerBody(incomingCallContext: string): string {
  return JSON.stringify({ incomingCallContext, callbackUri: `${app.url}/api/callbacks` });
}

describe("HMAC-SHA256 request signatures", () => {
  it("accepts a correctly signed request (the independent signer agrees with the emulator)", async () => {
    const response = await signedFetch(emulator.url, {
      method: "POST",
      pathAndQuery: `/calling/callConnections:answer?${API}`,
      body: answerBody(await ringContext()),
      accessKey: emulator.accessKey,
    });
    expect(response.status).toBe(200);
  });

  it("rejects the SDK with a wrong access key: RestError 401", async () => {
    const wrongKey = Buffer.alloc(64, 7).toString("base64");
    const client = new CallAutomationClient(`endpoint=${emulator.url}/;accesskey=${wrongKey}`, {
      allowInsecureConnection: true,
      retryOptions: { maxRetries: 0 },
    });
    await expect(client.answerCall(await ringContext(), `${app.url}/api/callbacks`)).rejects.toMatchObject({
      name: "RestError",
      statusCode: 401,
      code: "7509",
    });
    expect(emulator.requests.at(-1)).toMatchObject({ path: "/calling/callConnections:answer", status: 401 });
    expect(emulator.calls()).toHaveLength(1); // only the correctly signed answer above made a call
  });

  it("rejects a body changed after signing", async () => {
    const context = await ringContext();
    const response = await signedFetch(emulator.url, {
      method: "POST",
      pathAndQuery: `/calling/callConnections:answer?${API}`,
      body: answerBody(context),
      sentBody: JSON.stringify({ incomingCallContext: context, callbackUri: "https://attacker.example/cb" }),
      accessKey: emulator.accessKey,
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "7509" } });
  });

  it("rejects a signature made for another path", async () => {
    const signedFor = `/calling/callConnections/abc?${API}`;
    const honest = await signedFetch(emulator.url, {
      method: "GET",
      pathAndQuery: signedFor,
      accessKey: emulator.accessKey,
    });
    expect(honest.status).toBe(404); // correctly signed: that call just does not exist
    const replayed = await signedFetch(emulator.url, {
      method: "GET",
      pathAndQuery: signedFor,
      sentPathAndQuery: `/calling/callConnections/other?${API}`,
      accessKey: emulator.accessKey,
    });
    expect(replayed.status).toBe(401);
  });

  it("rejects a stale x-ms-date even when the signature is right", async () => {
    const response = await signedFetch(emulator.url, {
      method: "POST",
      pathAndQuery: `/calling/callConnections:answer?${API}`,
      body: answerBody(await ringContext()),
      accessKey: emulator.accessKey,
      date: new Date(Date.now() - 20 * 60_000),
    });
    expect(response.status).toBe(401);
  });

  it("rejects a request without Authorization", async () => {
    const response = await fetch(`${emulator.url}/calling/callConnections:answer?${API}`, {
      method: "POST",
      body: "{}",
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(Object.keys(body.error).sort()).toEqual(["code", "message"]);
  });
});

describe("required fields", () => {
  const cases: Array<[string, string, () => Promise<unknown>, string]> = [
    [
      "answer without callbackUri",
      "/calling/callConnections:answer",
      async () => ({ incomingCallContext: await ringContext() }),
      "callbackUri",
    ],
    [
      "answer without incomingCallContext",
      "/calling/callConnections:answer",
      async () => ({ callbackUri: "https://app.example/cb" }),
      "incomingCallContext",
    ],
    [
      "answer with mediaStreamingOptions lacking transportType",
      "/calling/callConnections:answer",
      async () => ({
        incomingCallContext: await ringContext(),
        callbackUri: "https://app.example/cb",
        mediaStreamingOptions: { audioChannelType: "mixed" },
      }),
      "mediaStreamingOptions.transportType",
    ],
    [
      "createCall without targets",
      "/calling/callConnections",
      async () => ({ callbackUri: "https://app.example/cb" }),
      "targets",
    ],
  ];

  for (const [name, path, body, field] of cases) {
    it(`${name} → 400/8523 naming the field`, async () => {
      const response = await signedFetch(emulator.url, {
        method: "POST",
        pathAndQuery: `${path}?${API}`,
        body: JSON.stringify(await body()),
        accessKey: emulator.accessKey,
      });
      expect(response.status).toBe(400);
      const error = (await response.json()) as { error: { code: string; message: string } };
      expect(error.error.code).toBe("8523");
      expect(error.error.message).toContain(`'${field}'`);
    });
  }

  it("transfer without targetParticipant and play without sources → 400/8523 on a live call", async () => {
    const answered = await signedFetch(emulator.url, {
      method: "POST",
      pathAndQuery: `/calling/callConnections:answer?${API}`,
      body: answerBody(await ringContext()),
      accessKey: emulator.accessKey,
    });
    const { callConnectionId } = (await answered.json()) as { callConnectionId: string };
    const call = await emulator.waitForCall((c) => c.callConnectionId === callConnectionId);
    await call.waitForCallback("CallConnected");
    for (const [action, body] of [
      ["transferToParticipant", { operationContext: "x" }],
      ["play", { playSources: [] }],
    ] as const) {
      const response = await signedFetch(emulator.url, {
        method: "POST",
        pathAndQuery: `/calling/callConnections/${callConnectionId}:${action}?${API}`,
        body: JSON.stringify(body),
        accessKey: emulator.accessKey,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "8523" } });
    }
    expect(call.state).toBe("connected");
  });

  it("a body that is not JSON → 400/8523", async () => {
    const response = await signedFetch(emulator.url, {
      method: "POST",
      pathAndQuery: `/calling/callConnections:answer?${API}`,
      body: "{not json",
      accessKey: emulator.accessKey,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "8523" } });
  });
});

describe("other refusals", () => {
  it("answers an unsupported action with 501/8520 and a missing api-version with 400", async () => {
    const unsupported = await signedFetch(emulator.url, {
      method: "POST",
      pathAndQuery: `/calling/callConnections/some-call:sendDtmfTones?${API}`,
      body: "{}",
      accessKey: emulator.accessKey,
    });
    expect(unsupported.status).toBe(404); // unknown call first
    const call = emulator.calls().find((c) => c.state === "connected");
    expect(call).toBeDefined();
    const onLiveCall = await signedFetch(emulator.url, {
      method: "POST",
      pathAndQuery: `/calling/callConnections/${call?.callConnectionId}:sendDtmfTones?${API}`,
      body: "{}",
      accessKey: emulator.accessKey,
    });
    expect(onLiveCall.status).toBe(501);
    expect(await onLiveCall.json()).toMatchObject({ error: { code: "8520" } });
    const noVersion = await signedFetch(emulator.url, {
      method: "GET",
      pathAndQuery: `/calling/callConnections/${call?.callConnectionId}`,
      accessKey: emulator.accessKey,
    });
    expect(noVersion.status).toBe(400);
  });

  it("refuses a body over 1 MiB with 413", async () => {
    const response = await fetch(`${emulator.url}/calling/callConnections:answer?${API}`, {
      method: "POST",
      body: "x".repeat(2 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
    expect(emulator.requests.at(-1)).toMatchObject({ path: "/calling/callConnections:answer", status: 413 });
  });
});
