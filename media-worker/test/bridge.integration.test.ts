/**
 * Whole calls over real sockets on 127.0.0.1: the ACS media client (playing a caller, recording what the
 * caller heard) → the media worker → the Voice Live emulator. Replies are pure tones of their own
 * frequency, so what the caller heard can be traced to the reply it came from.
 */
import {
  type AcsEmulator,
  buildCallerAudio,
  type MediaCallReport,
  type RecordedOutbound,
  type Scenario,
  startAcsEmulator,
  startMediaClient,
  startVoiceLiveEmulator,
  type VoiceLiveEmulator,
} from "@acs-voice/local";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { frameFrequencies, isTone, ScaledClock, toneVoice } from "./call-harness.js";
import { type RunningWorker, startWorker, testConfig, waitFor } from "./worker-harness.js";

const GREETING = "Hello, thanks for calling.";
const REPLY_ORDER = "Your order shipped yesterday.";
const REPLY_BYE = "You are welcome, bye.";
const LONG_REPLY =
  "Let me explain the returns policy in full detail, step by step, from the beginning right to the very end.";
const REPLY_ADDRESS = "The address is on the label.";
const TONE_HZ = new Map([
  [GREETING, 400],
  [REPLY_ORDER, 700],
  [REPLY_BYE, 1_000],
  [LONG_REPLY, 1_300],
  [REPLY_ADDRESS, 1_900],
]);
const voice = toneVoice(TONE_HZ);
const LEAD_MS = 60;

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

interface CallRun {
  report: MediaCallReport;
  received: RecordedOutbound[];
  voiceLive: VoiceLiveEmulator;
  worker: RunningWorker;
  clock: ScaledClock;
  sampleRateHz: number;
}

async function runCall(options: {
  format: "pcm16KMono" | "pcm24KMono";
  scenario: Scenario;
  speed: number;
}): Promise<CallRun> {
  const voiceLive = await startVoiceLiveEmulator({
    scenario: options.scenario,
    synthesize: (t, hz) => voice(t, hz),
  });
  cleanups.push(() => voiceLive.close());
  const clock = new ScaledClock(options.speed);
  const worker = await startWorker({
    config: testConfig(acs, voiceLive.url, {
      ACS_AUDIO_FORMAT: options.format,
      GREETING: "Greet the caller.",
      PACING_LEAD_MS: String(LEAD_MS),
    }),
    clock,
  });
  cleanups.push(() => worker.close());
  const sampleRateHz = options.format === "pcm16KMono" ? 16_000 : 24_000;
  const caller = buildCallerAudio(options.scenario, sampleRateHz, {
    synthesize: voice,
    greetingDelayMs: 1_000,
    replyDelayMs: 1_500,
    gapAfterReplyMs: 1_200,
    trailingSilenceMs: 1_500,
  });
  const client = startMediaClient({
    transportUrl: worker.mediaUrl,
    authorization: `Bearer ${await acs.mintToken("valid")}`,
    callConnectionId: "conn-bridge",
    correlationId: "corr-bridge",
    format: options.format,
    caller: caller.samples,
    clock: { speed: options.speed },
    trailingSilenceMs: 500,
  });
  const report = await client.done;
  await waitFor(() => worker.media.activeCalls === 0, 5_000, "the worker to end the call");
  return { report, received: client.received, voiceLive, worker, clock, sampleRateHz };
}

/** The distinct tones heard, in order (runs collapsed, silence ignored). */
function toneSequence(heard: Int16Array, sampleRateHz: number): number[] {
  const sequence: number[] = [];
  for (const hz of frameFrequencies(heard, sampleRateHz)) {
    if (hz === 0) continue;
    const tone = [...TONE_HZ.values()].find((t) => isTone(hz, t));
    if (tone !== undefined && sequence[sequence.length - 1] !== tone) sequence.push(tone);
  }
  return sequence;
}

function heardMsOf(heard: Int16Array, sampleRateHz: number, hz: number): number {
  return frameFrequencies(heard, sampleRateHz).filter((f) => isTone(f, hz)).length * 20;
}

function audioPayload(message: RecordedOutbound): Int16Array {
  const parsed = JSON.parse(message.raw) as { AudioData?: { Data?: string } };
  const bytes = Buffer.from(parsed.AudioData?.Data ?? "", "base64");
  return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
}

const twoTurns: Scenario = {
  greeting: GREETING,
  turns: [
    { caller: "Where is my order?", reply: REPLY_ORDER },
    { caller: "Thanks a lot.", reply: REPLY_BYE },
  ],
};

describe.each(["pcm24KMono", "pcm16KMono"] as const)("a full call in %s", (format) => {
  it("greets, answers two turns, and loses or repeats nothing", { timeout: 60_000 }, async () => {
    const { report, voiceLive, worker, sampleRateHz, clock } = await runCall({
      format,
      scenario: twoTurns,
      speed: 2,
    });

    expect(toneSequence(report.heard, sampleRateHz)).toEqual([400, 700, 1_000]);
    for (const text of [GREETING, REPLY_ORDER, REPLY_BYE]) {
      const expectedMs = (voice(text, sampleRateHz).length * 1000) / sampleRateHz;
      const heardMs = heardMsOf(report.heard, sampleRateHz, TONE_HZ.get(text) ?? 0);
      expect(Math.abs(heardMs - expectedMs)).toBeLessThanOrEqual(40);
    }
    expect(report.stopAudioCount).toBe(0);
    expect(report.botAudioOverflowMs).toBe(0);
    expect(report.endedBy).toBe("caller");

    const [session] = voiceLive.sessions;
    expect(voiceLive.sessions).toHaveLength(1);
    const types = session?.received.map((m) => m.type) ?? [];
    expect(types.slice(0, 2)).toEqual(["session.update", "response.create"]);
    expect(session?.config).toMatchObject({
      input_audio_sampling_rate: sampleRateHz,
      output_audio_format: sampleRateHz === 16_000 ? "pcm16_16000hz" : "pcm16",
    });
    expect(voiceLive.sentEvents().filter((e) => e.type === "error")).toEqual([]);

    const [summary] = worker.ended;
    expect(summary?.metrics.framesIn).toBeGreaterThanOrEqual(report.framesSent - 2);
    expect(summary?.metrics.silentFramesIn).toBeGreaterThan(0);
    // silent frames reach the model too: its audio timeline is the whole call
    expect(
      Math.abs((session?.receivedAudioMs ?? 0) - (summary?.metrics.framesIn ?? 0) * 20),
    ).toBeLessThanOrEqual(40);
    expect(summary?.metrics.acsMalformed).toBe(0);
    expect(summary?.metrics.bargeIns).toBe(0);
    await waitFor(() => session?.closed === true, 5_000, "the Voice Live session to close");
    expect(clock.liveTimers).toBe(0);
  });
});

describe("barge-in during a long answer", () => {
  it("stops the old answer for good and truncates where the caller stopped hearing it", {
    timeout: 60_000,
  }, async () => {
    const scenario: Scenario = {
      greeting: GREETING,
      turns: [
        { caller: "Tell me about returns.", reply: LONG_REPLY, interruptAfterMs: 2_000 },
        { caller: "Just the address, please.", reply: REPLY_ADDRESS },
      ],
    };
    const { report, received, voiceLive, sampleRateHz, worker } = await runCall({
      format: "pcm24KMono",
      scenario,
      speed: 1,
    });

    const stopIndex = received.findIndex((m) => m.kind === "StopAudio");
    expect(stopIndex).toBeGreaterThan(0);
    expect(report.stopAudioCount).toBe(1);
    // nothing of the interrupted answer was sent after StopAudio…
    const afterStop = received.slice(stopIndex + 1).filter((m) => m.kind === "AudioData");
    for (const message of afterStop) {
      expect(frameFrequencies(audioPayload(message), sampleRateHz).some((hz) => isTone(hz, 1_300))).toBe(
        false,
      );
    }
    // …and the caller heard the next answer
    expect(toneSequence(report.heard, sampleRateHz)).toEqual([400, 1_300, 1_900]);

    const truncates = voiceLive.received.filter((m) => m.type === "conversation.item.truncate");
    expect(truncates).toHaveLength(1);
    const truncate = truncates[0]?.message as { item_id: string; audio_end_ms: number };
    const heardOfLongReplyMs = heardMsOf(report.heard, sampleRateHz, 1_300);
    expect(heardOfLongReplyMs).toBeGreaterThan(1_000);
    expect(Math.abs(truncate.audio_end_ms - heardOfLongReplyMs)).toBeLessThanOrEqual(LEAD_MS);

    // the service cancelled by itself (interrupt_response), accepted the truncate, and reported no error
    expect(voiceLive.received.filter((m) => m.type === "response.cancel")).toHaveLength(0);
    expect(voiceLive.sentEvents().filter((e) => e.type === "error")).toEqual([]);
    const truncated = voiceLive.sentEvents().filter((e) => e.type === "conversation.item.truncated");
    expect(truncated.map((e) => e.event.item_id)).toEqual([truncate.item_id]);
    expect(worker.ended[0]?.metrics.bargeIns).toBe(1);
  });
});
