// Every callback the emulator sends, as the application receives it: a one-element CloudEvent array that
// the SDK's parseCallAutomationEvent accepts, with the keys and casing of the captured callback-*.json
// fixtures (or, for events without a capture, the common envelope and data keys of those captures).
import { writeWav } from "@acs-voice/shared";
import { CallAutomationClient, parseCallAutomationEvent } from "@azure/communication-call-automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFixtures, readFixtureJson } from "../../../shared/test/fixtures.js";
import { keyShapeDifferences } from "../../../shared/test/key-shape.js";
import { type AcsEmulator, startAcsEmulator } from "../../src/acs/index.js";
import { type ReceivedRequest, startTestWebhook, type TestWebhook } from "./helpers/test-webhook.js";

let emulator: AcsEmulator;
let app: TestWebhook;
let client: CallAutomationClient;
const FAILING = "+14255550199";

beforeAll(async () => {
  emulator = await startAcsEmulator({
    startMediaClient: false,
    failingNumbers: [FAILING],
    playDurationMs: 10,
    fetchFile: async () => writeWav({ sampleRateHz: 16_000, channels: 1, samples: new Int16Array(160) }),
  });
  app = await startTestWebhook();
  client = new CallAutomationClient(emulator.connectionString, { allowInsecureConnection: true });
  await driveEveryCallback();
});
afterAll(async () => {
  await emulator.close();
  await app.close();
});

async function ring() {
  return emulator.ringIncomingCall({
    webhookUrl: `${app.url}/api/incomingCall`,
    from: `8:acs:${emulator.resourceId}_00000027-4651-bfa5-caller`,
    to: `8:acs:${emulator.resourceId}_00000027-4651-be8f-bot`,
  });
}

const streaming = (transportUrl?: string) => ({
  mediaStreamingOptions: {
    transportType: "websocket" as const,
    audioChannelType: "mixed" as const,
    contentType: "audio" as const,
    startMediaStreaming: true,
    enableBidirectional: true,
    audioFormat: "pcm16KMono",
    ...(transportUrl ? { transportUrl } : {}),
  },
});

/** One call through every state the emulator reports, plus the failure paths. */
async function driveEveryCallback(): Promise<void> {
  const main = await client.answerCall(
    (await ring()).incomingCallContext,
    `${app.url}/api/callbacks/main`,
    streaming("wss://w.example/media"),
  );
  const call = await emulator.waitForCall(
    (c) => c.callConnectionId === main.callConnectionProperties.callConnectionId,
  );
  await call.waitForCallback("MediaStreamingStarted");
  const media = main.callConnection.getCallMedia();
  await media.stopMediaStreaming();
  await media.playToAll([{ kind: "fileSource", url: "https://app.example/prompt.wav" }], {
    operationContext: "play",
  });
  await call.waitForCallback("PlayCompleted");
  await main.callConnection.transferCallToParticipant(
    { phoneNumber: FAILING },
    { operationContext: "x-fail", sourceCallIdNumber: { phoneNumber: "+18005550123" } },
  );
  await call.waitForCallback("CallTransferFailed");
  await main.callConnection.transferCallToParticipant(
    { phoneNumber: "+14255550100" },
    { operationContext: "x-ok", sourceCallIdNumber: { phoneNumber: "+18005550123" } },
  );
  await call.waitForCallback("CallDisconnected");

  const noUrl = await client.answerCall(
    (await ring()).incomingCallContext,
    `${app.url}/api/callbacks/no-url`,
    streaming(),
  );
  const noUrlCall = await emulator.waitForCall(
    (c) => c.callConnectionId === noUrl.callConnectionProperties.callConnectionId,
  );
  await noUrlCall.waitForCallback("MediaStreamingFailed");

  const cancelled = await ring();
  emulator.cancelIncomingCall(cancelled.incomingCallContext);
  const late = await client.answerCall(cancelled.incomingCallContext, `${app.url}/api/callbacks/late`, {
    operationContext: "late",
  });
  await (
    await emulator.waitForCall((c) => c.callConnectionId === late.callConnectionProperties.callConnectionId)
  ).waitForCallback("AnswerFailed");

  const out = await client.createCall(
    { targetParticipant: { phoneNumber: FAILING } },
    `${app.url}/api/callbacks/out`,
    {
      sourceCallIdNumber: { phoneNumber: "+18005550100" },
    },
  );
  await (
    await emulator.waitForCall((c) => c.callConnectionId === out.callConnectionProperties.callConnectionId)
  ).waitForCallback("CreateCallFailed");
}

const callbacks = (): ReceivedRequest[] => app.received.filter((r) => r.path.startsWith("/api/callbacks"));
const typeOf = (request: ReceivedRequest) =>
  (request.json as Array<{ type: string }>)[0]?.type.replace("Microsoft.Communication.", "") ?? "";

describe("callbacks as the application receives them", () => {
  it("covers every event the emulator can produce", () => {
    expect(new Set(callbacks().map(typeOf))).toEqual(
      new Set([
        "CallConnected",
        "ParticipantsUpdated",
        "MediaStreamingStarted",
        "MediaStreamingStopped",
        "PlayStarted",
        "PlayCompleted",
        "CallTransferFailed",
        "CallTransferAccepted",
        "CallDisconnected",
        "MediaStreamingFailed",
        "AnswerFailed",
        "CreateCallFailed",
      ]),
    );
  });

  it("is always a one-element array, JSON, with a Bearer token, parsed by the SDK as the same kind", () => {
    for (const request of callbacks()) {
      expect(request.method).toBe("POST");
      expect(request.headers["content-type"]).toMatch(/^application\/json/);
      expect(request.headers.authorization).toMatch(/^Bearer /);
      expect(Array.isArray(request.json) && (request.json as unknown[]).length).toBe(1);
      expect(parseCallAutomationEvent(request.text).kind).toBe(typeOf(request));
    }
  });

  const captured = listFixtures("acs").filter((name) => name.startsWith("callback-"));
  it.each(captured)("matches the keys and casing of %s", (fixtureName) => {
    const fixture = readFixtureJson<Array<{ type: string }>>("acs", fixtureName);
    const type = fixture[0]?.type.replace("Microsoft.Communication.", "") ?? "";
    const ours = callbacks().find((request) => typeOf(request) === type);
    if (!ours) {
      // PlayFailed and SendDtmfTonesCompleted are actions the emulator does not simulate.
      expect(["PlayFailed", "SendDtmfTonesCompleted"]).toContain(type);
      return;
    }
    expect(keyShapeDifferences(ours.json, fixture)).toEqual([]);
  });

  it("gives events without a capture the same envelope and common data keys", () => {
    const reference = readFixtureJson<Array<{ data: Record<string, unknown> }>>(
      "acs",
      "callback-CallConnected.json",
    );
    const commonData = Object.keys(reference[0]?.data ?? {});
    for (const type of [
      "PlayStarted",
      "PlayCompleted",
      "CallTransferAccepted",
      "CallTransferFailed",
      "CreateCallFailed",
    ]) {
      const ours = callbacks().find((request) => typeOf(request) === type);
      const event = (ours?.json as Array<{ data: Record<string, unknown> }> | undefined)?.[0];
      expect(Object.keys(event ?? {})).toEqual(Object.keys(reference[0] ?? {}));
      for (const key of commonData) expect(event?.data).toHaveProperty(key);
    }
  });

  it("says what happened in resultInformation and operationContext", () => {
    const parsed = callbacks().map((request) => parseCallAutomationEvent(request.text));
    const find = (kind: string) => parsed.filter((event) => event.kind === kind);
    expect(find("CallTransferFailed")[0]).toMatchObject({ operationContext: "x-fail" });
    expect(find("CallTransferAccepted")[0]).toMatchObject({
      operationContext: "x-ok",
      resultInformation: { code: 200, subCode: 7015 },
      transferTarget: { rawId: "4:+14255550100" },
    });
    expect(find("CallDisconnected")[0]?.resultInformation).toMatchObject({ code: 200, subCode: 7015 });
    expect(find("MediaStreamingFailed")[0]).toMatchObject({
      resultInformation: { subCode: 8581 },
      mediaStreamingUpdate: {
        mediaStreamingStatus: "mediaStreamingFailed",
        mediaStreamingStatusDetails: "streamUrlMissing",
      },
    });
    expect(find("AnswerFailed")[0]).toMatchObject({
      operationContext: "late",
      resultInformation: { code: 400, subCode: 8528 },
    });
    expect(find("PlayCompleted")[0]).toMatchObject({
      operationContext: "play",
      resultInformation: { code: 200, subCode: 0 },
    });
  });
});
