// A call answered by the functions app whose media never reaches a worker: the ACS emulator dials a
// transport URL where nothing accepts the socket and, as real ACS does, reports MediaStreamingFailed
// (400/8581, no "started") and keeps the call up. No worker owns such a call, so the functions app acts
// on the callbacks: one more try at streaming, then the fallback transfer or the apology and a hang-up.
// Asserted on what ACS received and played, within the 10 s a caller should ever wait.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createTableClient,
  createTableMediaWatch,
  MEDIA_WATCH_TABLE,
  type MediaWatch,
} from "@acs-voice/functions/app";
import { readWav } from "@acs-voice/shared";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EmulatedCall } from "../../src/acs/index.js";
import { type Azurite, startAzurite } from "../../src/azurite/index.js";
import { type Harness, startHarness } from "./harness.js";

const BOT_NUMBER = "+18005550100";
const FALLBACK = "+14255550188";

describe("a call whose media cannot be connected", () => {
  let azurite: Azurite;
  let refusing: Server;
  let refusingUrl: string;
  let harness: Harness | undefined;
  beforeAll(async () => {
    azurite = await startAzurite();
    // A worker that refuses every upgrade (as one at capacity does): 503.
    refusing = createServer((_request, response) => response.writeHead(404).end());
    refusing.on("upgrade", (_request, socket) => {
      socket.end("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    });
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    refusingUrl = `ws://127.0.0.1:${(refusing.address() as AddressInfo).port}/media`;
  });
  afterAll(async () => {
    await new Promise((resolve) => refusing.close(resolve));
    await azurite.close();
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  async function ringAndWaitForEnd(env: Record<string, string> = {}, acs = {}): Promise<EmulatedCall> {
    harness = await startHarness(azurite, () => ({}), {
      acs: { startMediaClient: undefined, ...acs },
      env: { MEDIA_WORKER_URL: refusingUrl, ...env },
    });
    await harness.acs.ringIncomingCall({
      webhookUrl: harness.host.incomingCallUrl,
      to: BOT_NUMBER,
    });
    const call = await harness.acs.waitForCall(undefined, 5_000);
    const startedAt = Date.now();
    await Promise.race([call.ended, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    expect(call.endReason).toBeDefined();
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    return call;
  }

  const actions = (h: Harness, call: EmulatedCall) =>
    h.acs.requests
      .filter(
        (r) => r.method === "POST" && r.path.startsWith(`/calling/callConnections/${call.callConnectionId}:`),
      )
      .map((r) => r.path.split(":").at(-1));

  it("streams once more, then plays the apology and hangs up", async () => {
    const call = await ringAndWaitForEnd();
    const h = harness as Harness;
    expect(actions(h, call)).toEqual(["startMediaStreaming", "play", "terminate"]);
    const media = call.callbacks.filter((c) => c.type.startsWith("MediaStreaming")).map((c) => c.type);
    expect(media).toEqual(["MediaStreamingFailed", "MediaStreamingFailed"]);
    // The apology was fetched from the functions app and played to its end before the hang-up.
    expect(call.plays).toEqual([
      expect.objectContaining({ url: `${h.host.url}/api/apology.wav`, outcome: "completed" }),
    ]);
    expect(call.plays[0]?.audioMs).toBeGreaterThan(400);
    expect(call.endReason).toBe("bot-terminate");
    const wav = readWav(new Uint8Array(await (await fetch(`${h.host.url}/api/apology.wav`)).arrayBuffer()));
    expect(wav).toMatchObject({ sampleRateHz: 16_000, channels: 1 });
  });

  it("with a fallback number: transfers there, showing the number the caller dialled", async () => {
    const call = await ringAndWaitForEnd({ FALLBACK_TRANSFER_NUMBER: FALLBACK });
    const h = harness as Harness;
    expect(actions(h, call)).toEqual(["startMediaStreaming", "transferToParticipant"]);
    const transfer = h.acs.requests.find((r) => r.path.endsWith(":transferToParticipant"));
    expect(transfer?.body).toMatchObject({
      targetParticipant: { rawId: `4:${FALLBACK}` },
      sourceCallerIdNumber: { value: BOT_NUMBER },
    });
    expect(call.endReason).toBe("transferred");
  });

  it("a fallback transfer that fails ends with the apology, not silence", async () => {
    const call = await ringAndWaitForEnd(
      { FALLBACK_TRANSFER_NUMBER: FALLBACK },
      { failingNumbers: [FALLBACK] },
    );
    const h = harness as Harness;
    expect(actions(h, call)).toEqual(["startMediaStreaming", "transferToParticipant", "play", "terminate"]);
    expect(call.plays.map((p) => p.outcome)).toEqual(["completed"]);
  });

  it("a worker that never answers the upgrade (no callback at all): the watchdog acts, apology and hang-up", {
    timeout: 30_000,
  }, async () => {
    const hanging = createServer();
    const held: import("node:stream").Duplex[] = [];
    hanging.on("upgrade", (_request, socket) => held.push(socket)); // never answered
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    try {
      harness = await startHarness(azurite, () => ({}), {
        acs: { startMediaClient: undefined },
        env: {
          MEDIA_WORKER_URL: `ws://127.0.0.1:${(hanging.address() as AddressInfo).port}/media`,
          MEDIA_WATCHDOG_SECONDS: "1",
        },
      });
      await harness.acs.ringIncomingCall({
        webhookUrl: harness.host.incomingCallUrl,
        to: BOT_NUMBER,
      });
      const call = await harness.acs.waitForCall(undefined, 5_000);
      await call.waitForCallback("CallConnected");
      const connectedAt = Date.now();
      await Promise.race([call.ended, new Promise((resolve) => setTimeout(resolve, 15_000))]);
      // Deadline (1 s) plus at most one watchdog period (5 s), then the apology.
      expect(Date.now() - connectedAt).toBeLessThan(9_000);
      expect(call.callbacks.map((c) => c.type)).not.toContain("MediaStreamingFailed");
      expect(actions(harness, call)).toEqual(["startMediaStreaming", "play", "terminate"]);
      expect(call.plays.map((p) => p.outcome)).toEqual(["completed"]);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });

  it("the watch: a call is claimed once per deadline, by one watchdog run only", async () => {
    harness = await startHarness(azurite);
    const settings = { kind: "connection-string" as const, connectionString: azurite.connectionString };
    const watch: MediaWatch = createTableMediaWatch(
      createTableClient(settings, `${MEDIA_WATCH_TABLE}unit`),
      1_000,
    );
    const t0 = new Date("2026-12-07T10:00:00Z");
    const at = (ms: number) => new Date(t0.getTime() + ms);
    await watch.expect("call-a", t0);
    await watch.expect("call-b", t0);
    await watch.settle("call-b"); // its media started
    expect(await watch.claimOverdue(at(500))).toEqual([]);
    // two watchdog runs at once: one of them gets the call
    const [first, second] = await Promise.all([watch.claimOverdue(at(1_000)), watch.claimOverdue(at(1_000))]);
    expect([...first, ...second]).toEqual([{ callConnectionId: "call-a", attempts: 0 }]);
    expect(await watch.claimOverdue(at(1_500))).toEqual([]);
    expect(await watch.claimOverdue(at(2_000))).toEqual([{ callConnectionId: "call-a", attempts: 1 }]);
    // struck off after its second claim
    expect(await watch.claimOverdue(at(60_000))).toEqual([]);
  });

  it("never acts on a call that is already over", async () => {
    harness = await startHarness(azurite, () => ({}), {
      acs: { startMediaClient: undefined, connectDelayMs: 10 },
      env: { MEDIA_WORKER_URL: refusingUrl },
    });
    await harness.acs.ringIncomingCall({
      webhookUrl: harness.host.incomingCallUrl,
      to: BOT_NUMBER,
    });
    const call = await harness.acs.waitForCall(undefined, 5_000);
    await call.waitForCallback("CallConnected");
    await call.hangUp();
    const before = harness.acs.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = harness.acs.requests.slice(before).filter((r) => r.path.includes(call.callConnectionId));
    expect(
      after.filter((r) => r.method === "POST" && /:(play|terminate|transferToParticipant)$/.test(r.path)),
    ).toEqual([]);
  });
});
