/**
 * A worker with several Voice Live resources (emulators on 127.0.0.1), as the caller and the resources see
 * it: a resource that refuses with 429 sends the call to the next one at once; a resource whose tokens run
 * out mid-call has the call moved to another with its conversation, so the caller hears the answer rather
 * than the trouble tone; a resource that goes away takes no call down; and with every resource's budget
 * spent a new call hears the busy signal and is hung up (or is offered to the fallback number first).
 */
import {
  type AcsEmulator,
  buildCallerAudio,
  type MediaCallReport,
  type Scenario,
  startAcsEmulator,
  startMediaClient,
  startVoiceLiveEmulator,
  type VoiceLiveEmulator,
  type VoiceLiveEmulatorOptions,
} from "@acs-voice/local";
import { BUSY_SIGNAL_HZ } from "@acs-voice/shared";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GREETING, itemTexts, REPLY_BYE, REPLY_ORDER } from "./bridge-harness.js";
import { frameFrequencies, isTone, toneVoice } from "./call-harness.js";
import { type RunningWorker, startWorker, testConfig, waitFor } from "./worker-harness.js";

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

const SCENARIO: Scenario = {
  greeting: GREETING,
  turns: [
    { caller: "Where is my order?", reply: REPLY_ORDER },
    { caller: "Thanks a lot.", reply: REPLY_BYE },
  ],
};
const SAMPLE_RATE_HZ = 24_000;
/** Each reply its own tone, far from the trouble tone (660 + 440 Hz) and the busy signal (425 Hz). */
const TONE_HZ = new Map([
  [GREETING, 900],
  [REPLY_ORDER, 1_200],
  [REPLY_BYE, 1_500],
]);
const voice = toneVoice(TONE_HZ);

/** The distinct reply tones heard, in order. */
function toneSequence(heard: Int16Array): number[] {
  const sequence: number[] = [];
  for (const hz of frameFrequencies(heard, SAMPLE_RATE_HZ)) {
    const tone = [...TONE_HZ.values()].find((t) => hz !== 0 && isTone(hz, t));
    if (tone !== undefined && sequence[sequence.length - 1] !== tone) sequence.push(tone);
  }
  return sequence;
}

async function emulator(options: Partial<VoiceLiveEmulatorOptions> = {}): Promise<VoiceLiveEmulator> {
  const started = await startVoiceLiveEmulator({
    scenario: SCENARIO,
    synthesize: (text, hz) => voice(text, hz),
    ...options,
  });
  cleanups.push(() => started.close());
  return started;
}

/** A worker whose pool is `endpoints` (VOICE_LIVE_ENDPOINTS) and whose hang-ups reach the ACS emulator. */
async function worker(endpoints: string, env: Record<string, string> = {}): Promise<RunningWorker> {
  const started = await startWorker({
    config: testConfig({ ...acs, connectionString: acs.connectionString }, "", {
      VOICE_LIVE_ENDPOINT: "",
      VOICE_LIVE_ENDPOINTS: endpoints,
      ACS_AUDIO_FORMAT: "pcm24KMono",
      GREETING: "Greet the caller.",
      PACING_LEAD_MS: "60",
      ...env,
    }),
    callControl: undefined,
    voiceLiveRetryDelayMs: 100,
  });
  cleanups.push(() => started.close());
  return started;
}

/** The caller: says the scenario's lines at real speed, then hangs up (unless the worker does first). */
async function call(target: RunningWorker, callConnectionId: string): Promise<MediaCallReport> {
  const caller = buildCallerAudio(SCENARIO, SAMPLE_RATE_HZ, {
    synthesize: voice,
    greetingDelayMs: 1_000,
    replyDelayMs: 1_500,
    gapAfterReplyMs: 1_200,
    trailingSilenceMs: 1_500,
  });
  const client = startMediaClient({
    transportUrl: target.mediaUrl,
    authorization: `Bearer ${await acs.mintToken("valid")}`,
    callConnectionId,
    correlationId: `corr-${callConnectionId}`,
    format: "pcm24KMono",
    caller: caller.samples,
    clock: { speed: 2 },
    trailingSilenceMs: 500,
  });
  cleanups.push(async () => client.hangUp());
  return client.done;
}

const troubleMs = (report: MediaCallReport) =>
  frameFrequencies(report.heard, SAMPLE_RATE_HZ).filter((hz) => isTone(hz, 660) || isTone(hz, 440)).length *
  20;
const busyMs = (report: MediaCallReport) =>
  frameFrequencies(report.heard, SAMPLE_RATE_HZ).filter((hz) => isTone(hz, BUSY_SIGNAL_HZ)).length * 20;
const requestsFor = (callConnectionId: string, action: string) =>
  acs.requests.filter(
    (r) => r.method === "POST" && r.path.endsWith(`/calling/callConnections/${callConnectionId}:${action}`),
  );

describe("a resource that refuses the connection", () => {
  it("sends the call to the next resource at once, and the caller hears the whole conversation", {
    timeout: 60_000,
  }, async () => {
    // The preferred resource is at its connection rate for the rest of the minute.
    const busy = await emulator({ quota: { connectionsPerMinute: 0 } });
    const spare = await emulator();
    const target = await worker(`busy=${busy.url};weight=5,spare=${spare.url}`);
    const report = await call(target, "conn-refused");
    await waitFor(() => target.media.activeCalls === 0, 10_000, "the call to end");

    expect(busy.rejectedUpgrades.map((r) => r.status)).toEqual([429]);
    expect(busy.sessions).toHaveLength(0);
    expect(spare.sessions).toHaveLength(1);
    expect(toneSequence(report.heard)).toEqual([
      TONE_HZ.get(GREETING),
      TONE_HZ.get(REPLY_ORDER),
      TONE_HZ.get(REPLY_BYE),
    ]);
    expect(report.endedBy).toBe("caller");
    expect(target.ended.map((e) => e.reason)).toEqual(["caller-hung-up"]);
    expect(
      target.media.voiceLive.stats().endpoints.map((e) => [e.name, e.connections, e.refusals.throttled]),
    ).toEqual([
      ["busy", 0, 1],
      ["spare", 1, 0],
    ]);
  });
});

describe("a resource whose tokens run out mid-call", () => {
  it("moves the call to another resource with its conversation: the caller hears the answer, not the trouble tone", {
    timeout: 60_000,
  }, async () => {
    // The greeting spends the minute's tokens of the first resource: its answer to the caller fails.
    const spent = await emulator({ quota: { tokensPerMinute: 1 } });
    const spare = await emulator();
    const target = await worker(`spent=${spent.url};weight=5,spare=${spare.url}`);
    const report = await call(target, "conn-moved");
    await waitFor(() => target.media.activeCalls === 0, 10_000, "the call to end");

    const statuses = spent
      .sentEvents()
      .filter((e) => e.type === "response.done")
      .map((e) => (e.event as { response: { status: string } }).response.status);
    expect(statuses).toEqual(["completed", "failed"]);
    expect(spare.sessions).toHaveLength(1);
    // The new resource was told the conversation so far, and asked for the answer.
    expect(itemTexts(spare.received).map((item) => item.role)).toContain("assistant");
    expect(spare.received.some((m) => m.type === "response.create")).toBe(true);
    // The greeting from the first resource, the answer from the second.
    const tones = toneSequence(report.heard);
    expect(tones.slice(0, 2)).toEqual([TONE_HZ.get(GREETING), TONE_HZ.get(REPLY_ORDER)]);
    expect(troubleMs(report)).toBe(0);
    expect(report.endedBy).toBe("caller");
    expect(target.ended.map((e) => e.reason)).toEqual(["caller-hung-up"]);
    expect(requestsFor("conn-moved", "terminate")).toEqual([]);
  });
});

describe("a resource that goes away mid-call", () => {
  it("reconnects the call to another resource, and new calls go there", { timeout: 60_000 }, async () => {
    const failing = await emulator();
    const spare = await emulator();
    const target = await worker(`failing=${failing.url};weight=5,spare=${spare.url}`);
    const first = call(target, "conn-down");
    await waitFor(() => failing.sessions.length === 1, 10_000, "the call on the first resource");
    await failing.close();
    const report = await first;
    await waitFor(() => target.media.activeCalls === 0, 10_000, "the call to end");

    expect(spare.sessions).toHaveLength(1);
    expect(report.endedBy).toBe("caller");
    expect(troubleMs(report)).toBe(0);
    expect(target.ended.map((e) => e.reason)).toEqual(["caller-hung-up"]);
    expect(target.ended[0]?.metrics.voiceLiveReconnects).toBe(1);

    const next = await call(target, "conn-after");
    expect(spare.sessions).toHaveLength(2);
    expect(toneSequence(next.heard)[0]).toBe(TONE_HZ.get(GREETING));
  });
});

describe("every resource out of budget", () => {
  it("gives a new call the busy signal and hangs it up, while the call holding the budget goes on", {
    timeout: 60_000,
  }, async () => {
    const only = await emulator();
    const target = await worker(`only=${only.url};connectionsPerMinute=1`);
    const first = call(target, "conn-first");
    await waitFor(() => only.sessions.length === 1, 10_000, "the first call's session");
    const turnedAway = await call(target, "conn-busy");
    const report = await first;

    expect(busyMs(turnedAway)).toBeGreaterThanOrEqual(1_000);
    expect(toneSequence(turnedAway.heard)).toEqual([]);
    expect(turnedAway.endedBy).toBe("worker");
    expect(requestsFor("conn-busy", "terminate")).toHaveLength(1);
    expect(only.sessions).toHaveLength(1);
    expect(toneSequence(report.heard)[0]).toBe(TONE_HZ.get(GREETING));
    expect(report.endedBy).toBe("caller");
    expect(target.media.voiceLive.stats().callsTurnedAway).toBe(1);
  });

  it("offers a turned-away call to FALLBACK_TRANSFER_NUMBER first, and plays the busy signal when ACS refuses", {
    timeout: 60_000,
  }, async () => {
    const only = await emulator();
    const target = await worker(`only=${only.url};connectionsPerMinute=1`, {
      FALLBACK_TRANSFER_NUMBER: "+14255550123",
    });
    const first = call(target, "conn-holder");
    await waitFor(() => only.sessions.length === 1, 10_000, "the first call's session");
    // This call is unknown to the ACS emulator, which refuses its transfer (404).
    const turnedAway = await call(target, "conn-fallback");
    await first;

    expect(requestsFor("conn-fallback", "transferToParticipant")).toHaveLength(1);
    expect(busyMs(turnedAway)).toBeGreaterThanOrEqual(1_000);
    expect(only.sessions).toHaveLength(1);
  });
});
