/**
 * Whole calls over real sockets on 127.0.0.1: the ACS media client (playing a caller, recording what the
 * caller heard) → the media worker → the Voice Live emulator. Replies are pure tones of their own
 * frequency, so what the caller heard can be traced to the reply it came from.
 */
import { type AcsEmulator, type Scenario, startAcsEmulator } from "@acs-voice/local";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  audioPayload,
  GREETING,
  heardMsOf,
  LEAD_MS,
  LONG_REPLY,
  REPLY_ADDRESS,
  REPLY_BYE,
  REPLY_ORDER,
  runCall as runBridgedCall,
  TONE_HZ,
  toneSequence,
  voice,
} from "./bridge-harness.js";
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

const runCall = (options: { format: "pcm16KMono" | "pcm24KMono"; scenario: Scenario; speed: number }) =>
  runBridgedCall({ acs, cleanups, ...options });

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
