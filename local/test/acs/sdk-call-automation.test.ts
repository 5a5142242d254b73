// The real CallAutomationClient (SDK 1.6.0) against the emulator: every operation the product uses must
// succeed, be recorded, and produce the callbacks ACS would send, which the SDK's own parser accepts.
import { writeWav } from "@acs-voice/shared";
import { CallAutomationClient, parseCallAutomationEvent } from "@azure/communication-call-automation";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AcsEmulator, startAcsEmulator } from "../../src/acs/index.js";
import { startTestWebhook, type TestWebhook } from "./helpers/test-webhook.js";

let emulator: AcsEmulator;
let app: TestWebhook;
let client: CallAutomationClient;

beforeEach(async () => {
  emulator = await startAcsEmulator({
    startMediaClient: false,
    failingNumbers: ["+14255550199"],
    playDurationMs: 20,
    // The files the app asks ACS to play: a 20 ms WAV, an HTML page, or nothing at all.
    fetchFile: async (url) => {
      if (url.endsWith(".wav"))
        return writeWav({ sampleRateHz: 16_000, channels: 1, samples: new Int16Array(320) });
      if (url.endsWith(".html")) return new TextEncoder().encode("<html></html>");
      throw new Error("unreachable");
    },
  });
  app = await startTestWebhook();
  client = new CallAutomationClient(emulator.connectionString, { allowInsecureConnection: true });
});

afterEach(async () => {
  await emulator.close();
  await app.close();
});

const callbackTypes = (t: TestWebhook) =>
  t.received
    .filter((r) => r.path.startsWith("/api/callbacks"))
    .map((r) => (r.json as Array<{ type: string }>)[0]?.type.replace("Microsoft.Communication.", ""));

async function answerRingingCall(mediaStreaming = true) {
  const ring = await emulator.ringIncomingCall({ webhookUrl: `${app.url}/api/incomingCall` });
  const answered = await client.answerCall(ring.incomingCallContext, `${app.url}/api/callbacks`, {
    operationContext: "answer-ctx",
    ...(mediaStreaming
      ? {
          mediaStreamingOptions: {
            transportType: "websocket" as const,
            transportUrl: "wss://worker.example/media",
            audioChannelType: "mixed" as const,
            contentType: "audio" as const,
            startMediaStreaming: true,
            enableBidirectional: true,
            audioFormat: "pcm24KMono",
          },
        }
      : {}),
  });
  return { ring, answered };
}

describe("Call Automation REST with the real SDK", () => {
  it("answers a rung call and sends ParticipantsUpdated, CallConnected and MediaStreamingStarted", async () => {
    const { ring, answered } = await answerRingingCall();
    const props = answered.callConnectionProperties;
    expect(props.callConnectionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(props.correlationId).toBe(ring.correlationId);
    expect(props.serverCallId).toBe(ring.serverCallId);
    // SDK 1.6.0 spreads the wire field as-is here (it maps callbackUri → callbackUrl only on GET).
    expect(props).toMatchObject({
      callbackUri: `${app.url}/api/callbacks`,
      callConnectionState: "connecting",
    });

    const call = await emulator.waitForCall((c) => c.callConnectionId === props.callConnectionId);
    await call.waitForCallback("MediaStreamingStarted");
    await call.idle();
    expect(callbackTypes(app)).toEqual(["ParticipantsUpdated", "CallConnected", "MediaStreamingStarted"]);
    for (const request of app.received.filter((r) => r.path.startsWith("/api/callbacks"))) {
      const event = parseCallAutomationEvent(request.text);
      expect(event.callConnectionId).toBe(props.callConnectionId);
      expect(event.correlationId).toBe(ring.correlationId);
      expect(request.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    }
    const answerRequest = emulator.requests.find((r) => r.path === "/calling/callConnections:answer");
    expect(answerRequest?.status).toBe(200);
    expect(answerRequest?.query["api-version"]).toBe("2026-03-12");
    expect(answerRequest?.body).toMatchObject({
      incomingCallContext: ring.incomingCallContext,
      operationContext: "answer-ctx",
    });
    expect(call.mediaStreaming?.format).toBe("pcm24KMono");
  });

  it("reports the call state through GET and ends it with DELETE (hangUp false)", async () => {
    const { answered } = await answerRingingCall(false);
    const call = await emulator.waitForCall();
    await call.waitForCallback("CallConnected");
    const properties = await answered.callConnection.getCallConnectionProperties();
    expect(properties.callConnectionState).toBe("connected");

    await answered.callConnection.hangUp(false);
    const disconnected = await call.waitForCallback("CallDisconnected");
    const event = parseCallAutomationEvent(disconnected.body as never);
    expect(event.kind).toBe("CallDisconnected");
    expect(event.resultInformation).toMatchObject({ code: 200, subCode: 7000 });
    expect(call.endReason).toBe("bot-hang-up");
    expect(emulator.requests.at(-1)).toMatchObject({ method: "DELETE", status: 204 });
    await expect(answered.callConnection.getCallConnectionProperties()).rejects.toMatchObject({
      statusCode: 404,
      code: "8522",
    });
  });

  it("terminates the call for everyone with :terminate (hangUp true)", async () => {
    const { answered } = await answerRingingCall(false);
    const call = await emulator.waitForCall();
    await call.waitForCallback("CallConnected");
    await answered.callConnection.hangUp(true);
    await call.waitForCallback("CallDisconnected");
    expect(call.endReason).toBe("bot-terminate");
    expect(emulator.requests.at(-1)).toMatchObject({
      method: "POST",
      path: expect.stringMatching(/:terminate$/),
      status: 204,
    });
  });

  it("transfers: CallTransferAccepted, then CallDisconnected 7015", async () => {
    const { answered } = await answerRingingCall(false);
    const call = await emulator.waitForCall();
    await call.waitForCallback("CallConnected");
    const result = await answered.callConnection.transferCallToParticipant(
      { phoneNumber: "+14255550100" },
      { operationContext: "xfer", sourceCallIdNumber: { phoneNumber: "+18005550123" } },
    );
    expect(result.operationContext).toBe("xfer");
    const accepted = parseCallAutomationEvent(
      (await call.waitForCallback("CallTransferAccepted")).body as never,
    );
    expect(accepted).toMatchObject({ kind: "CallTransferAccepted", operationContext: "xfer" });
    const disconnected = parseCallAutomationEvent(
      (await call.waitForCallback("CallDisconnected")).body as never,
    );
    expect(disconnected.resultInformation?.subCode).toBe(7015);
    expect(emulator.requests.find((r) => r.path.endsWith(":transferToParticipant"))?.status).toBe(202);
  });

  it("refuses a transfer to a PSTN number without a caller id (sourceCallIdNumber), and the call stays up", async () => {
    const { answered } = await answerRingingCall(false);
    const call = await emulator.waitForCall();
    await call.waitForCallback("CallConnected");
    await expect(
      answered.callConnection.transferCallToParticipant(
        { phoneNumber: "+14255550100" },
        { operationContext: "x0" },
      ),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining("sourceCallerIdNumber") });
    expect(call.state).toBe("connected");
    const request = emulator.requests.at(-1);
    expect(request?.path).toContain(":transferToParticipant");
  });

  it("fails a transfer to a configured failing number and keeps the call up", async () => {
    const { answered } = await answerRingingCall(false);
    const call = await emulator.waitForCall();
    await call.waitForCallback("CallConnected");
    await answered.callConnection.transferCallToParticipant(
      { phoneNumber: "+14255550199" },
      { operationContext: "x2", sourceCallIdNumber: { phoneNumber: "+18005550123" } },
    );
    const failed = parseCallAutomationEvent((await call.waitForCallback("CallTransferFailed")).body as never);
    expect(failed).toMatchObject({ kind: "CallTransferFailed", operationContext: "x2" });
    expect(call.state).toBe("connected");
  });

  it("plays: 202, then PlayStarted and PlayCompleted", async () => {
    const { answered } = await answerRingingCall(false);
    const call = await emulator.waitForCall();
    await call.waitForCallback("CallConnected");
    await answered.callConnection
      .getCallMedia()
      .playToAll([{ kind: "textSource", text: "Hello", voiceName: "en-US-NancyNeural" }], {
        operationContext: "play1",
      });
    const completed = parseCallAutomationEvent((await call.waitForCallback("PlayCompleted")).body as never);
    expect(completed).toMatchObject({ kind: "PlayCompleted", operationContext: "play1" });
    expect(call.callbacks.map((c) => c.type)).toContain("PlayStarted");
    expect(emulator.requests.find((r) => r.path.endsWith(":play"))).toMatchObject({ status: 202 });
  });

  it("downloads a file before playing it: PlayFailed 8536 when it cannot, 8535 when it is not a WAV", async () => {
    const { answered } = await answerRingingCall(false);
    const call = await emulator.waitForCall();
    await call.waitForCallback("CallConnected");
    const media = answered.callConnection.getCallMedia();
    await media.playToAll([{ kind: "fileSource", url: "https://app.example/missing.mp3" }], {
      operationContext: "missing",
    });
    await media.playToAll([{ kind: "fileSource", url: "https://app.example/page.html" }], {
      operationContext: "page",
    });
    await media.playToAll([{ kind: "fileSource", url: "https://app.example/ok.wav" }], {
      operationContext: "ok",
    });
    await call.waitForCallback("PlayCompleted");
    const failed = call.callbacks
      .filter((c) => c.type === "PlayFailed")
      .map(
        (c) =>
          (c.body as [{ data: { operationContext: string; resultInformation: { subCode: number } } }])[0]
            .data,
      );
    expect(failed.map((d) => [d.operationContext, d.resultInformation.subCode])).toEqual([
      ["missing", 8536],
      ["page", 8535],
    ]);
    expect(call.plays.map((p) => [p.operationContext, p.outcome, p.audioMs])).toEqual([
      ["missing", "failed", undefined],
      ["page", "failed", undefined],
      ["ok", "completed", 20],
    ]);
  });

  it("sends an operation's events to its operationCallbackUrl when one is given", async () => {
    const { answered } = await answerRingingCall(false);
    const call = await emulator.waitForCall();
    await call.waitForCallback("CallConnected");
    await answered.callConnection
      .getCallMedia()
      .playToAll([{ kind: "fileSource", url: "https://app.example/a.wav" }], {
        operationContext: "routed",
        operationCallbackUrl: `${app.url}/api/play-events`,
      });
    const received = await app.waitFor((r) => r.path === "/api/play-events", 2);
    expect(received.map((r) => parseCallAutomationEvent(r.text).kind)).toEqual([
      "PlayStarted",
      "PlayCompleted",
    ]);
    expect(callbackTypes(app)).toEqual(["ParticipantsUpdated", "CallConnected"]);
  });

  it("stops and restarts media streaming", async () => {
    const { answered } = await answerRingingCall(true);
    const call = await emulator.waitForCall();
    await call.waitForCallback("MediaStreamingStarted");
    const media = answered.callConnection.getCallMedia();
    await media.stopMediaStreaming({ operationContext: "stop1" });
    const stopped = parseCallAutomationEvent(
      (await call.waitForCallback("MediaStreamingStopped")).body as never,
    );
    expect(stopped).toMatchObject({ kind: "MediaStreamingStopped", operationContext: "stop1" });
    expect(call.mediaStreamingState).toBe("inactive");
    await expect(media.stopMediaStreaming()).rejects.toMatchObject({ statusCode: 400, code: "8500" });
    await media.startMediaStreaming({ operationContext: "start2" });
    await call.idle();
    expect(call.callbacks.filter((c) => c.type === "MediaStreamingStarted")).toHaveLength(2);
    expect(call.mediaStreamingState).toBe("active");
  });

  it("places an outbound call with createCall (201) that connects", async () => {
    const created = await client.createCall(
      { targetParticipant: { phoneNumber: "+14255550111" } },
      `${app.url}/api/callbacks`,
      {
        sourceCallIdNumber: { phoneNumber: "+18005550100" },
        operationContext: "out1",
      },
    );
    expect(created.callConnectionProperties.callConnectionState).toBe("connecting");
    const call = await emulator.waitForCall((c) => c.direction === "outbound");
    const connected = parseCallAutomationEvent((await call.waitForCallback("CallConnected")).body as never);
    expect(connected).toMatchObject({ kind: "CallConnected", operationContext: "out1" });
    expect(
      emulator.requests.find((r) => r.method === "POST" && r.path === "/calling/callConnections")?.status,
    ).toBe(201);
  });

  it("a second answer of the same incoming call loses: 200, then CallDisconnected 487/10003", async () => {
    const ring = await emulator.ringIncomingCall({ webhookUrl: `${app.url}/api/incomingCall` });
    const first = await client.answerCall(ring.incomingCallContext, `${app.url}/api/callbacks/1`);
    const second = await client.answerCall(ring.incomingCallContext, `${app.url}/api/callbacks/2`);
    expect(second.callConnectionProperties.callConnectionId).not.toBe(
      first.callConnectionProperties.callConnectionId,
    );
    const loser = await emulator.waitForCall(
      (c) => c.callConnectionId === second.callConnectionProperties.callConnectionId,
    );
    const disconnected = parseCallAutomationEvent(
      (await loser.waitForCallback("CallDisconnected")).body as never,
    );
    expect(disconnected.resultInformation).toMatchObject({ code: 487, subCode: 10003 });
    expect(loser.callbacks.map((c) => c.type)).not.toContain("CallConnected");
    const winner = await emulator.waitForCall(
      (c) => c.callConnectionId === first.callConnectionProperties.callConnectionId,
    );
    await winner.waitForCallback("CallConnected");
  });

  it("answers an unknown incomingCallContext with 404/8522", async () => {
    await expect(
      client.answerCall("eyJhbGciOiJub25lIn0.e30.", `${app.url}/api/callbacks`),
    ).rejects.toMatchObject({
      statusCode: 404,
      code: "8522",
    });
    expect(emulator.requests.at(-1)?.status).toBe(404);
  });

  it("the caller hanging up closes the call with CallDisconnected 7000", async () => {
    await answerRingingCall(true);
    const call = await emulator.waitForCall();
    await call.waitForCallback("CallConnected");
    await call.hangUp();
    const disconnected = parseCallAutomationEvent(
      (await call.waitForCallback("CallDisconnected")).body as never,
    );
    expect(disconnected.resultInformation).toMatchObject({ code: 200, subCode: 7000 });
    expect(call.endReason).toBe("caller-hang-up");
    expect(call.mediaStreamingState).toBe("inactive");
  });
});
