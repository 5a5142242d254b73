/**
 * Calls that go wrong, over real sockets on 127.0.0.1: Voice Live dropping mid-answer (one quick
 * reconnect, the call goes on), Voice Live unreachable (the caller hears a tone, the call is hung up
 * through Call Automation), the caller hanging up mid-answer (nothing left open or scheduled), and
 * malformed or oversized ACS frames.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type AcsEmulator, type Scenario, startAcsEmulator, startVoiceLiveEmulator } from "@acs-voice/local";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import {
  GREETING,
  LONG_REPLY,
  REPLY_BYE,
  REPLY_ORDER,
  runCall,
  TONE_HZ,
  toneSequence,
  voice,
} from "./bridge-harness.js";
import { frameFrequencies, isTone, ScaledClock } from "./call-harness.js";
import { acsAudioFrame, rampSamples } from "./fakes.js";
import { dial, startWorker, testConfig, waitFor } from "./worker-harness.js";

let acs: AcsEmulator;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  acs = await startAcsEmulator();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await acs?.close();
});

const oneTurn: Scenario = {
  greeting: GREETING,
  turns: [
    { caller: "Where is my order?", reply: REPLY_ORDER },
    { caller: "Thanks a lot.", reply: REPLY_BYE },
  ],
};

describe("Voice Live drops mid-answer", () => {
  it("reconnects once, stops the lost answer, and the call goes on", { timeout: 60_000 }, async () => {
    const { report, voiceLive, worker, sampleRateHz } = await runCall({
      acs,
      cleanups,
      format: "pcm24KMono",
      scenario: oneTurn,
      speed: 2,
      faults: { closeMidResponse: { afterAudioDeltas: 3 }, closeCode: 1006 },
      during: async ({ voiceLive: emulator }) => {
        // only the first session fails: the reconnected one must be healthy
        await waitFor(() => emulator.sessions[0]?.closed === true, 10_000, "the first session to drop");
        emulator.setFaults({});
      },
    });
    expect(voiceLive.sessions).toHaveLength(2);
    const second = voiceLive.sessions[1];
    expect(second?.received.slice(0, 2).map((m) => m.type)).toEqual(["session.update", "response.create"]);
    expect(report.stopAudioCount).toBe(1);
    expect(report.endedBy).toBe("caller");
    // after the reconnect the model speaks again and both turns are answered
    const tones = toneSequence(report.heard, sampleRateHz);
    expect(tones.slice(-2)).toEqual([TONE_HZ.get(REPLY_ORDER), TONE_HZ.get(REPLY_BYE)]);
    expect(worker.ended[0]?.metrics.voiceLiveReconnects).toBe(1);
    expect(worker.ended[0]?.reason).toBe("caller-hung-up");
  });
});

describe("Voice Live unreachable", () => {
  it("plays a tone, hangs the call up via Call Automation, and closes the media socket", {
    timeout: 60_000,
  }, async () => {
    const { report, voiceLive, worker, sampleRateHz, received } = await runCall({
      acs,
      cleanups,
      format: "pcm16KMono",
      scenario: oneTurn,
      speed: 1,
      workerEnv: { VOICE_LIVE_API_KEY: "wrong-key" },
      callConnectionId: "conn-unreachable",
    });
    // the first attempt and one quick retry, both refused
    expect(voiceLive.rejectedUpgrades.map((r) => r.status)).toEqual([401, 401]);
    expect(voiceLive.sessions).toHaveLength(0);
    const tone = frameFrequencies(report.heard, sampleRateHz).filter(
      (hz) => isTone(hz, 660) || isTone(hz, 440),
    );
    expect(tone.length * 20).toBeGreaterThanOrEqual(400);
    expect(received.filter((m) => m.kind === "AudioData").length).toBe(30);
    const hangUps = acs.requests.filter(
      (r) => r.method === "POST" && r.path.endsWith("/calling/callConnections/conn-unreachable:terminate"),
    );
    expect(hangUps).toHaveLength(1);
    expect(report.endedBy).toBe("worker");
    expect(worker.ended[0]?.reason).toBe("voice-live-unavailable");
  });
});

describe("the caller hangs up mid-answer", () => {
  it("closes Voice Live and leaves no socket or timer behind", { timeout: 60_000 }, async () => {
    const longGreeting: Scenario = { greeting: LONG_REPLY, turns: [] };
    const { voiceLive, worker, clock, report } = await runCall({
      acs,
      cleanups,
      format: "pcm24KMono",
      scenario: longGreeting,
      speed: 2,
      during: async ({ client }) => {
        await waitFor(
          () => client.received.filter((m) => m.kind === "AudioData").length > 50,
          10_000,
          "the answer",
        );
        client.hangUp();
      },
    });
    expect(report.endedBy).toBe("caller");
    expect(worker.ended.map((e) => e.reason)).toEqual(["caller-hung-up"]);
    await waitFor(() => voiceLive.sessions[0]?.closed === true, 5_000, "Voice Live to be closed");
    expect(worker.media.activeCalls).toBe(0);
    expect(clock.liveTimers).toBe(0);
  });
});

describe("bad ACS frames", () => {
  async function startBridge() {
    const voiceLive = await startVoiceLiveEmulator({ scenario: { turns: [] } });
    cleanups.push(() => voiceLive.close());
    const clock = new ScaledClock(1);
    // A socket the worker closed on a protocol error is media lost, not a hang-up: ACS gets 1 s to reconnect.
    const worker = await startWorker({
      config: testConfig(acs, voiceLive.url, { GREETING: "", MEDIA_RESUME_GRACE_SECONDS: "1" }),
      clock,
    });
    cleanups.push(() => worker.close());
    const token = await acs.mintToken("valid");
    const result = await dial(worker.mediaUrl, { authorization: `Bearer ${token}` });
    if (!result.socket) throw new Error(`upgrade refused: ${result.status}`);
    const socket = result.socket;
    cleanups.push(async () => socket.terminate());
    const session = await voiceLive.waitForSession(5_000);
    return { voiceLive, worker, clock, socket, session };
  }

  it("counts malformed and unknown frames and keeps bridging the good ones", async () => {
    const { worker, socket, session } = await startBridge();
    socket.send("{definitely not json");
    socket.send(JSON.stringify({ kind: "AudioData", audioData: { data: 42 } }));
    socket.send(JSON.stringify({ kind: "SomethingNew", somethingNew: { x: 1 } }));
    socket.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    for (let i = 0; i < 10; i++) socket.send(acsAudioFrame(rampSamples(480, i * 480)));
    await waitFor(() => session.receivedAudioMs >= 200, 5_000, "the good frames at Voice Live");
    const [call] = worker.media.calls();
    expect(call?.metrics.acsMalformed).toBe(3);
    expect(call?.metrics.acsUnknown).toBe(1);
    expect(call?.metrics.framesIn).toBe(10);
    expect(socket.readyState).toBe(WebSocket.OPEN);
  });

  it("closes a connection that sends an oversized frame (1009) and ends the call cleanly", async () => {
    const { worker, socket, session, clock } = await startBridge();
    const closed = once(socket, "close");
    socket.send("x".repeat(300 * 1024));
    const [code] = (await closed) as [number];
    expect(code).toBe(1009);
    await waitFor(() => worker.media.activeCalls === 0, 5_000, "the call to end");
    await waitFor(() => session.closed, 5_000, "Voice Live to be closed");
    expect(clock.liveTimers).toBe(0);
  });
});

describe("a media socket that stops answering", () => {
  it("is dropped after a missed heartbeat, and its Voice Live session closed", async () => {
    const voiceLive = await startVoiceLiveEmulator({ scenario: { turns: [] } });
    cleanups.push(() => voiceLive.close());
    const worker = await startWorker({
      config: testConfig(acs, voiceLive.url, { GREETING: "", MEDIA_RESUME_GRACE_SECONDS: "1" }),
      acsHeartbeatIntervalMs: 100,
    });
    cleanups.push(() => worker.close());
    const result = await dial(worker.mediaUrl, { authorization: `Bearer ${await acs.mintToken("valid")}` });
    if (!result.socket) throw new Error(`upgrade refused: ${result.status}`);
    const session = await voiceLive.waitForSession(5_000);
    // the peer's TCP connection stays up, but nothing is read any more: pings go unanswered
    (result.socket as unknown as { _socket: Socket })._socket.pause();
    await waitFor(() => worker.ended.length === 1, 5_000, "the call to be dropped");
    expect(worker.ended[0]?.reason).toBe("heartbeat-missed");
    await waitFor(() => session.closed, 5_000, "Voice Live to be closed");
    result.socket.terminate();
  });
});

describe("a Voice Live connection that stops answering", () => {
  it("is dropped after a missed heartbeat and replaced by one new session", async () => {
    const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await once(wss, "listening");
    cleanups.push(async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    });
    const firstMessages: string[][] = [];
    wss.on("connection", (socket) => {
      const messages: string[] = [];
      firstMessages.push(messages);
      socket.on("message", (data) => messages.push(String(data).slice(0, 40)));
      // the first service connection goes dead: it stops reading (and so never answers a ping)
      if (firstMessages.length === 1)
        setTimeout(() => (socket as unknown as { _socket: Socket })._socket.pause(), 50);
    });
    const worker = await startWorker({
      config: testConfig(acs, `http://127.0.0.1:${(wss.address() as AddressInfo).port}`, { GREETING: "" }),
      voiceLiveHeartbeatIntervalMs: 100,
      voiceLiveRetryDelayMs: 50,
    });
    cleanups.push(() => worker.close());
    const result = await dial(worker.mediaUrl, { authorization: `Bearer ${await acs.mintToken("valid")}` });
    await waitFor(
      () => firstMessages.length === 2 && (firstMessages[1]?.length ?? 0) > 0,
      5_000,
      "a new session",
    );
    expect(firstMessages[1]?.[0]).toContain('"type":"session.update"');
    expect(worker.media.calls()[0]?.metrics.voiceLiveReconnects).toBe(1);
    result.socket?.close();
  });
});

describe("Voice Live refusing reconnects for a while", () => {
  it("keeps trying with backoff after a drop and goes on when the service is back", async () => {
    let upgrades = 0;
    const accepted: WebSocket[] = [];
    const firstMessages: string[] = [];
    const http = createServer();
    const wss = new WebSocketServer({ noServer: true });
    http.on("upgrade", (request, socket: Socket, head) => {
      upgrades++;
      // the service restarts: two attempts after the drop are refused
      if (upgrades === 2 || upgrades === 3) {
        socket.end("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => {
        accepted.push(ws);
        if (accepted.length === 2) ws.on("message", (data) => firstMessages.push(String(data).slice(0, 40)));
      });
    });
    http.listen(0, "127.0.0.1");
    await once(http, "listening");
    cleanups.push(async () => {
      for (const client of wss.clients) client.terminate();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    });
    const worker = await startWorker({
      config: testConfig(acs, `http://127.0.0.1:${(http.address() as AddressInfo).port}`, { GREETING: "" }),
      voiceLiveRetryDelayMs: 50,
    });
    cleanups.push(() => worker.close());
    const result = await dial(worker.mediaUrl, { authorization: `Bearer ${await acs.mintToken("valid")}` });
    cleanups.push(async () => result.socket?.terminate());
    await waitFor(() => accepted.length === 1, 5_000, "the first session");
    accepted[0]?.terminate();
    await waitFor(() => firstMessages.length > 0, 10_000, "a session after the refusals");
    expect(upgrades).toBe(4);
    expect(firstMessages[0]).toContain('"type":"session.update"');
    expect(worker.media.activeCalls).toBe(1);
    expect(worker.media.calls()[0]?.metrics.voiceLiveReconnects).toBe(1);
  });
});

describe("a Voice Live renewal that fails", () => {
  it("keeps the current session, tries again later, and swaps when the service accepts", async () => {
    let upgrades = 0;
    const sessions: { socket: WebSocket; closeCode: number | undefined; messages: string[] }[] = [];
    const http = createServer();
    const wss = new WebSocketServer({ noServer: true });
    http.on("upgrade", (request, socket: Socket, head) => {
      upgrades++;
      if (upgrades === 2) {
        socket.end("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => {
        const entry = { socket: ws, closeCode: undefined as number | undefined, messages: [] as string[] };
        sessions.push(entry);
        ws.on("message", (data) => entry.messages.push(String(data).slice(0, 60)));
        ws.on("close", (code) => {
          entry.closeCode = code;
        });
        // the first session says it expires 2 s from now, later ones in an hour
        const expiresAt = Math.floor(Date.now() / 1000) + (sessions.length === 1 ? 2 : 3600);
        ws.send(
          JSON.stringify({
            type: "session.created",
            event_id: "e",
            session: { id: `s${upgrades}`, expires_at: expiresAt },
          }),
        );
      });
    });
    http.listen(0, "127.0.0.1");
    await once(http, "listening");
    cleanups.push(async () => {
      for (const client of wss.clients) client.terminate();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    });
    // 30 s between renewal attempts pass in 1 s on this clock
    const worker = await startWorker({
      config: testConfig(acs, `http://127.0.0.1:${(http.address() as AddressInfo).port}`, {
        GREETING: "",
        VOICE_LIVE_RENEW_MARGIN_SECONDS: "0",
        CALLER_SILENCE_SECONDS: "0",
      }),
      clock: new ScaledClock(30),
    });
    cleanups.push(() => worker.close());
    const result = await dial(worker.mediaUrl, { authorization: `Bearer ${await acs.mintToken("valid")}` });
    cleanups.push(async () => result.socket?.terminate());
    await waitFor(() => upgrades === 2, 10_000, "the refused renewal");
    expect(sessions[0]?.closeCode).toBeUndefined(); // the current session goes on
    await waitFor(() => sessions.length === 2 && sessions[0]?.closeCode !== undefined, 10_000, "the swap");
    expect(sessions[0]?.closeCode).toBe(1000);
    expect(sessions[1]?.messages[0]).toContain('"type":"session.update"');
    const metrics = worker.media.calls()[0]?.metrics;
    expect(metrics?.voiceLiveRenewals).toBe(1);
    expect(metrics?.voiceLiveReconnects).toBe(0);
  });
});

describe("ACS media dropped mid-call", () => {
  async function startCall(graceSeconds: string) {
    const voiceLive = await startVoiceLiveEmulator({
      scenario: { greeting: LONG_REPLY, turns: [] },
      synthesize: (text, hz) => voice(text, hz),
    });
    cleanups.push(() => voiceLive.close());
    const worker = await startWorker({
      config: testConfig(acs, voiceLive.url, {
        GREETING: "Greet the caller.",
        MEDIA_RESUME_GRACE_SECONDS: graceSeconds,
      }),
    });
    cleanups.push(() => worker.close());
    const headers = {
      authorization: `Bearer ${await acs.mintToken("valid")}`,
      "x-ms-call-connection-id": `conn-drop-${graceSeconds}`,
      "x-ms-call-correlation-id": `corr-drop-${graceSeconds}`,
    };
    const first = await dial(worker.mediaUrl, headers);
    if (!first.socket) throw new Error(`upgrade refused: ${first.status}`);
    return { voiceLive, worker, headers, first: first.socket };
  }

  const audioFrames = (socket: WebSocket) => {
    let count = 0;
    socket.on("message", (data) => {
      if (String(data).includes('"AudioData"')) count++;
    });
    return () => count;
  };

  it("ACS reconnects within the grace: the same conversation goes on over the new socket", {
    timeout: 30_000,
  }, async () => {
    const { voiceLive, worker, headers, first } = await startCall("5");
    const firstFrames = audioFrames(first);
    await waitFor(() => firstFrames() > 10, 10_000, "the greeting on the first socket");
    first.terminate(); // the network drops: no close frame
    await new Promise((resolve) => setTimeout(resolve, 300));
    const again = await dial(worker.mediaUrl, headers);
    expect(again.status).toBe(101);
    if (!again.socket) return;
    const secondFrames = audioFrames(again.socket);
    // the rest of the greeting reaches the caller over the new socket
    await waitFor(() => secondFrames() > 10, 10_000, "the greeting to go on on the new socket");
    expect(worker.media.activeCalls).toBe(1);
    expect(voiceLive.sessions).toHaveLength(1);
    expect(voiceLive.received.filter((m) => m.type === "response.create")).toHaveLength(1);
    again.socket.close(1000);
    await waitFor(() => worker.ended.length === 1, 5_000, "the call to end");
    expect(worker.ended[0]?.reason).toBe("caller-hung-up");
    expect(worker.ended[0]?.metrics).toMatchObject({ acsMediaLosses: 1, acsMediaResumes: 1 });
  });

  it("nobody reconnects: after the grace the call ends and Voice Live is closed", {
    timeout: 30_000,
  }, async () => {
    const { voiceLive, worker, first } = await startCall("1");
    await voiceLive.waitForSession(5_000);
    first.terminate();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(worker.ended).toEqual([]);
    await waitFor(() => worker.ended.length === 1, 5_000, "the call to end");
    expect(worker.ended[0]?.reason).toBe("media-lost");
    await waitFor(() => voiceLive.sessions[0]?.closed === true, 5_000, "Voice Live to be closed");
  });
});
