/**
 * Voice Live's per-resource quotas, met over real sockets on 127.0.0.1 (ACS media client → worker →
 * Voice Live emulator told to enforce them): a connection refused with 429 is retried after its
 * Retry-After, so the caller hears the greeting late rather than a hang-up; a response that fails
 * because the minute's tokens are spent is asked for once more, then the caller hears the trouble
 * tone and the call is hung up through Call Automation, never left in silence.
 */
import { type AcsEmulator, type Scenario, startAcsEmulator } from "@acs-voice/local";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GREETING, REPLY_ORDER, runCall, TONE_HZ, toneSequence } from "./bridge-harness.js";
import { frameFrequencies, isTone } from "./call-harness.js";
import { waitFor } from "./worker-harness.js";

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
  turns: [{ caller: "Where is my order?", reply: REPLY_ORDER }],
};

describe("connections per minute", () => {
  it("a 429 at the upgrade is retried after its Retry-After: the greeting comes late, the call goes on", {
    timeout: 60_000,
  }, async () => {
    let refusedAtMs = 0;
    let openedAtMs = 0;
    const { report, voiceLive, worker, sampleRateHz } = await runCall({
      acs,
      cleanups,
      format: "pcm24KMono",
      scenario: oneTurn,
      speed: 1,
      // The resource is at its connection rate: every new connection is refused for 2 s.
      voiceLiveOptions: { quota: { connectionsPerMinute: 0, windowMs: 2_000 } },
      callConnectionId: "conn-throttled",
      during: async ({ voiceLive: emulator }) => {
        await waitFor(() => emulator.rejectedUpgrades.length === 1, 10_000, "the refused upgrade");
        refusedAtMs = Date.now();
        emulator.setQuota({});
        await waitFor(() => emulator.sessions.length === 1, 10_000, "the retried connection");
        openedAtMs = Date.now();
      },
    });
    expect(voiceLive.rejectedUpgrades.map((r) => r.status)).toEqual([429]);
    // Not before the service said to retry (Retry-After: 2).
    expect(openedAtMs - refusedAtMs).toBeGreaterThanOrEqual(1_900);
    expect(voiceLive.sessions).toHaveLength(1);
    expect(toneSequence(report.heard, sampleRateHz)).toContain(TONE_HZ.get(GREETING));
    expect(report.endedBy).toBe("caller");
    expect(worker.ended.map((e) => e.reason)).toEqual(["caller-hung-up"]);
    expect(acs.requests.filter((r) => r.path.includes("conn-throttled:terminate"))).toEqual([]);
  });
});

describe("tokens per minute", () => {
  it("a failed response is asked for once more, then the caller hears the trouble tone and is hung up", {
    timeout: 60_000,
  }, async () => {
    const { report, voiceLive, worker, sampleRateHz } = await runCall({
      acs,
      cleanups,
      format: "pcm16KMono",
      scenario: oneTurn,
      speed: 2,
      // The greeting spends the minute's tokens: the answer to the caller fails.
      voiceLiveOptions: { quota: { tokensPerMinute: 1 } },
      callConnectionId: "conn-quota",
    });
    const done = voiceLive.sentEvents().filter((e) => e.type === "response.done");
    const statuses = done.map((e) => (e.event as { response: { status: string } }).response.status);
    expect(statuses).toEqual(["completed", "failed", "failed"]);
    // The worker's one retry went out as its own response.create.
    const requests = voiceLive.received.filter((m) => m.type === "response.create");
    expect(requests).toHaveLength(2);
    // The greeting, then (the answer never produced) the trouble tone.
    expect(toneSequence(report.heard, sampleRateHz)[0]).toBe(TONE_HZ.get(GREETING));
    const trouble = frameFrequencies(report.heard, sampleRateHz).filter(
      (hz) => isTone(hz, 660) || isTone(hz, 440),
    );
    expect(trouble.length * 20).toBeGreaterThanOrEqual(400);
    const hangUps = acs.requests.filter(
      (r) => r.method === "POST" && r.path.endsWith("/calling/callConnections/conn-quota:terminate"),
    );
    expect(hangUps).toHaveLength(1);
    expect(report.endedBy).toBe("worker");
    expect(worker.ended.map((e) => e.reason)).toEqual(["voice-live-unavailable"]);
  });
});
