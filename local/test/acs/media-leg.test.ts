// The media leg of an answered call, with the real media client dialling a stand-in worker: the upgrade
// carries a 24 h RS256 token from the callback key and the call ids; the worker closing the socket does not
// end the call; the caller hanging up closes the socket and ends the call.
import type { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { CallAutomationClient } from "@azure/communication-call-automation";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { type AcsEmulator, startAcsEmulator } from "../../src/acs/index.js";
import { startTestWebhook, type TestWebhook } from "./helpers/test-webhook.js";

interface WorkerConnection {
  headers: IncomingHttpHeaders;
  socket: WebSocket;
  messages: string[];
  closed: Promise<number>;
}

let emulator: AcsEmulator;
let app: TestWebhook;
let worker: WebSocketServer;
let workerUrl: string;
const connections: WorkerConnection[] = [];
const connectionWaiters: Array<() => void> = [];

beforeEach(async () => {
  connections.length = 0;
  worker = new WebSocketServer({ host: "127.0.0.1", port: 0, path: "/media", maxPayload: 1 << 20 });
  await new Promise<void>((resolve) => worker.once("listening", resolve));
  workerUrl = `ws://127.0.0.1:${(worker.address() as AddressInfo).port}/media`;
  worker.on("connection", (socket, request) => {
    const messages: string[] = [];
    socket.on("message", (data) => messages.push(String(data)));
    const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
    connections.push({ headers: request.headers, socket, messages, closed });
    for (const wake of connectionWaiters.splice(0)) wake();
  });
  emulator = await startAcsEmulator({
    // Two seconds of caller audio, played ten times faster than real time.
    mediaClient: { caller: new Int16Array(32_000).fill(1000), clock: { speed: 10 } },
  });
  app = await startTestWebhook();
});

afterEach(async () => {
  await emulator.close();
  await app.close();
  for (const client of worker.clients) client.terminate();
  await new Promise<void>((resolve) => worker.close(() => resolve()));
});

async function nthConnection(n: number): Promise<WorkerConnection> {
  while (connections.length < n) await new Promise<void>((resolve) => connectionWaiters.push(resolve));
  return connections[n - 1] as WorkerConnection;
}

async function answerStreamingCall(enableDtmfTones = false) {
  const ring = await emulator.ringIncomingCall({ webhookUrl: `${app.url}/api/incomingCall` });
  const client = new CallAutomationClient(emulator.connectionString, { allowInsecureConnection: true });
  const answered = await client.answerCall(ring.incomingCallContext, `${app.url}/api/callbacks`, {
    mediaStreamingOptions: {
      transportType: "websocket",
      transportUrl: workerUrl,
      audioChannelType: "mixed",
      contentType: "audio",
      startMediaStreaming: true,
      enableBidirectional: true,
      audioFormat: "pcm16KMono",
      enableDtmfTones,
    },
  });
  const call = await emulator.waitForCall(
    (c) => c.callConnectionId === answered.callConnectionProperties.callConnectionId,
  );
  return { answered, call };
}

function dtmfTones(connection: WorkerConnection): Array<string | undefined> {
  return connection.messages
    .map((m) => JSON.parse(m) as { kind: string; dtmfData?: { data: string } })
    .filter((m) => m.kind === "DtmfData")
    .map((m) => m.dtmfData?.data);
}

describe("media leg", () => {
  it("dials the transport URL with a 24 h token for the resource and the call's ids", async () => {
    const { call } = await answerStreamingCall();
    const connection = await nthConnection(1);
    expect(connection.headers["x-ms-call-connection-id"]).toBe(call.callConnectionId);
    expect(connection.headers["x-ms-call-correlation-id"]).toBe(call.correlationId);
    const token = String(connection.headers.authorization).replace(/^Bearer /, "");
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(emulator.jwksUrl)), {
      issuer: "https://acscallautomation.communication.azure.com",
      audience: emulator.resourceId,
      algorithms: ["RS256"],
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(24 * 60 * 60);
    await call.waitForCallback("MediaStreamingStarted");
    while (connection.messages.length === 0) await new Promise((r) => setTimeout(r, 10));
    expect(JSON.parse(connection.messages[0] ?? "{}")).toMatchObject({ kind: "AudioMetadata" });
  });

  it("streams the caller's key presses as DtmfData only when the call asked for DTMF", async () => {
    const { call } = await answerStreamingCall(true);
    const connection = await nthConnection(1);
    while (connection.messages.length === 0) await new Promise((r) => setTimeout(r, 10));
    expect(call.pressKeys("1#")).toBe(2);
    let tones = dtmfTones(connection);
    while (tones.length < 2) {
      await new Promise((r) => setTimeout(r, 10));
      tones = dtmfTones(connection);
    }
    expect(tones).toEqual(["1", "#"]);

    const { call: withoutDtmf } = await answerStreamingCall(false);
    await nthConnection(2);
    expect(withoutDtmf.pressKeys("1")).toBe(0);
  });

  it("keeps the call up when the worker closes the socket, and can stream again", async () => {
    const { answered, call } = await answerStreamingCall();
    const first = await nthConnection(1);
    first.socket.close(1000);
    const failed = await call.waitForCallback("MediaStreamingFailed");
    expect(failed.body).toMatchObject([
      { data: { mediaStreamingUpdate: { mediaStreamingStatusDetails: "streamConnectionInterrupted" } } },
    ]);
    expect(call.state).toBe("connected");
    expect(call.callbacks.map((c) => c.type)).not.toContain("CallDisconnected");
    expect((await answered.callConnection.getCallConnectionProperties()).callConnectionState).toBe(
      "connected",
    );

    await answered.callConnection.getCallMedia().startMediaStreaming();
    const second = await nthConnection(2);
    expect(second.headers["x-ms-call-connection-id"]).toBe(call.callConnectionId);
  });

  it("closes the socket when the caller hangs up, and tells the app CallDisconnected", async () => {
    const { call } = await answerStreamingCall();
    const connection = await nthConnection(1);
    await call.waitForCallback("MediaStreamingStarted");
    await call.hangUp();
    expect(await connection.closed).toBe(1000);
    await call.waitForCallback("CallDisconnected");
    expect(call.endReason).toBe("caller-hang-up");
    expect(call.callbacks.map((c) => c.type)).not.toContain("MediaStreamingFailed");
  });

  it("closes the socket when the bot hangs up through the REST API", async () => {
    const { answered } = await answerStreamingCall();
    const connection = await nthConnection(1);
    await answered.callConnection.hangUp(false);
    expect(await connection.closed).toBe(1000);
  });

  it("reports authenticationFailure when the worker refuses the upgrade with 401", async () => {
    const refusing = new WebSocketServer({
      host: "127.0.0.1",
      port: 0,
      verifyClient: (_info, done) => done(false, 401, "Unauthorized"),
    });
    await new Promise<void>((resolve) => refusing.once("listening", resolve));
    try {
      const ring = await emulator.ringIncomingCall({ webhookUrl: `${app.url}/api/incomingCall` });
      const client = new CallAutomationClient(emulator.connectionString, { allowInsecureConnection: true });
      await client.answerCall(ring.incomingCallContext, `${app.url}/api/callbacks`, {
        mediaStreamingOptions: {
          transportType: "websocket",
          transportUrl: `ws://127.0.0.1:${(refusing.address() as AddressInfo).port}/media`,
          audioChannelType: "mixed",
          startMediaStreaming: true,
        },
      });
      const call = await emulator.waitForCall();
      const failed = await call.waitForCallback("MediaStreamingFailed");
      expect(failed.body).toMatchObject([
        {
          data: {
            mediaStreamingUpdate: { mediaStreamingStatusDetails: "authenticationFailure" },
            resultInformation: { code: 400, subCode: 8581 },
          },
        },
      ]);
      // As in a real log: no "started" before the failure, and the call stays up.
      expect(call.callbacks.map((c) => c.type)).not.toContain("MediaStreamingStarted");
      expect(call.state).toBe("connected");
    } finally {
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
  });

  it("presents the token kind a ring asks for, so a verifying worker refuses it", async () => {
    const keys = createRemoteJWKSet(new URL(emulator.jwksUrl));
    const verifying = new WebSocketServer({
      host: "127.0.0.1",
      port: 0,
      verifyClient: (info, done) => {
        const token = String(info.req.headers.authorization ?? "").replace(/^Bearer /, "");
        jwtVerify(token, keys, {
          issuer: emulator.issuer,
          audience: emulator.resourceId,
          algorithms: ["RS256"],
        }).then(
          () => done(true),
          () => done(false, 401, "Unauthorized"),
        );
      },
    });
    await new Promise<void>((resolve) => verifying.once("listening", resolve));
    const seen: Array<string | undefined> = [];
    verifying.on("headers", (_headers, request) => seen.push(request.headers.authorization));
    try {
      const client = new CallAutomationClient(emulator.connectionString, { allowInsecureConnection: true });
      for (const mediaToken of ["expired", "none"] as const) {
        const ring = await emulator.ringIncomingCall({
          webhookUrl: `${app.url}/api/incomingCall`,
          mediaToken,
        });
        const answered = await client.answerCall(ring.incomingCallContext, `${app.url}/api/callbacks`, {
          mediaStreamingOptions: {
            transportType: "websocket",
            transportUrl: `ws://127.0.0.1:${(verifying.address() as AddressInfo).port}/media`,
            audioChannelType: "mixed",
            startMediaStreaming: true,
          },
        });
        const call = await emulator.waitForCall(
          (c) => c.callConnectionId === answered.callConnectionProperties.callConnectionId,
        );
        const failed = await call.waitForCallback("MediaStreamingFailed");
        expect(failed.body).toMatchObject([
          { data: { mediaStreamingUpdate: { mediaStreamingStatusDetails: "authenticationFailure" } } },
        ]);
      }
      expect(seen).toEqual([]); // no upgrade was accepted
    } finally {
      await new Promise<void>((resolve) => verifying.close(() => resolve()));
    }
  });

  it("reports MediaStreamingFailed when nothing listens at the transport URL", async () => {
    const ring = await emulator.ringIncomingCall({ webhookUrl: `${app.url}/api/incomingCall` });
    const client = new CallAutomationClient(emulator.connectionString, { allowInsecureConnection: true });
    await new Promise<void>((resolve) => worker.close(() => resolve()));
    await client.answerCall(ring.incomingCallContext, `${app.url}/api/callbacks`, {
      mediaStreamingOptions: {
        transportType: "websocket",
        transportUrl: workerUrl,
        audioChannelType: "mixed",
        startMediaStreaming: true,
      },
    });
    const call = await emulator.waitForCall();
    const failed = await call.waitForCallback("MediaStreamingFailed");
    expect(failed.body).toMatchObject([
      {
        data: {
          mediaStreamingUpdate: { mediaStreamingStatusDetails: "initialWebSocketConnectionFailed" },
          resultInformation: {
            code: 400,
            subCode: 8581,
            message: "Action failed, Transport url is not valid or web socket server is not operational.",
          },
        },
      },
    ]);
    expect(call.callbacks.map((c) => c.type)).not.toContain("MediaStreamingStarted");
    expect(call.state).toBe("connected");
  });

  it("reports MediaStreamingStarted only once the worker accepted the socket", async () => {
    const { call } = await answerStreamingCall();
    await nthConnection(1);
    await call.waitForCallback("MediaStreamingStarted");
    expect(call.mediaLegs).toHaveLength(1);
    expect(await call.mediaLegs[0]?.leg.opened).toBe(true);
  });

  it("a network drop cuts the socket without a close frame; the call stays up", async () => {
    const { call } = await answerStreamingCall();
    const connection = await nthConnection(1);
    await call.waitForCallback("MediaStreamingStarted");
    call.dropMedia();
    expect(await connection.closed).toBe(1006);
    const failed = await call.waitForCallback("MediaStreamingFailed");
    expect(failed.body).toMatchObject([
      { data: { mediaStreamingUpdate: { mediaStreamingStatusDetails: "streamConnectionInterrupted" } } },
    ]);
    expect(call.state).toBe("connected");
    expect(call.mediaLegs[0]?.report?.endedBy).toBe("network");
  });
});
