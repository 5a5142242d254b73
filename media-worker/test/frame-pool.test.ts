/**
 * FramePool and the audio it recycles: frames come back once sent or dropped, and a recycled buffer
 * never changes audio still waiting to be played (observed as the frames that reached ACS).
 */
import { FakeClock, pcm16ToBase64 } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { createCallMetrics } from "../src/session/call-metrics.js";
import { CallerAudioOutput } from "../src/session/caller-audio-output.js";
import { FramePool } from "../src/session/frame-pool.js";

/** `ms` of 24 kHz audio whose every sample is `value`. */
function delta(ms: number, value: number): string {
  return pcm16ToBase64(new Int16Array((24 * ms) | 0).fill(value));
}

function sampleOf(frame: Uint8Array): number {
  return new Int16Array(frame.buffer, frame.byteOffset, frame.byteLength >> 1)[0] ?? Number.NaN;
}

describe("FramePool", () => {
  it("hands back a released buffer of the same size, and keeps at most its bound", () => {
    const pool = new FramePool(2);
    const frames = [0, 1, 2].map(() => pool.frame("r", "i", pool.buffer(960), 20));
    for (const frame of frames) pool.release(frame);
    expect(pool.stats.free).toBe(2);
    const again = pool.buffer(960);
    expect(frames.map((f) => f.pcm)).toContain(again);
    expect(pool.buffer(640).byteLength).toBe(640);
  });

  it("decodes deltas of every size, including ones beyond its scratch", () => {
    const pool = new FramePool();
    for (const samples of [0, 1, 480, 2_400, 200_000]) {
      const source = new Int16Array(samples).map((_, i) => (i * 7) % 30_000);
      expect([...pool.decodePcm16(pcm16ToBase64(source))]).toEqual([...source]);
    }
  });
});

describe("recycled frames at the caller", () => {
  it("plays every reply's own audio, whatever was dropped or recycled before it", () => {
    const clock = new FakeClock();
    const pool = new FramePool();
    const heard: number[] = [];
    const output = new CallerAudioOutput({
      acs: { sendAudio: (pcm) => heard.push(sampleOf(pcm)), stopAudio: () => {}, bufferedBytes: () => 0 },
      clock,
      acsHz: 24_000,
      modelHz: 24_000,
      leadMs: 100,
      metrics: createCallMetrics(),
      startedAtMs: 0,
      listener: { replyAudible: () => {}, playedOut: () => {} },
      pool,
    });
    // a reply interrupted half-way: its queued frames go back to the pool
    output.pushDelta("resp_1", "item_1", delta(1_000, 111));
    clock.advance(200);
    output.interrupt();
    const beforeSecond = heard.length;
    // the next replies reuse those buffers while earlier frames of theirs still wait in the queue
    output.pushDelta("resp_2", "item_2", delta(500, 222));
    output.pushDelta("resp_2", "item_2", delta(500, 333));
    output.endItem("item_2");
    clock.advance(2_000);
    const second = heard.slice(beforeSecond);
    expect(second).toEqual([...Array(25).fill(222), ...Array(25).fill(333)]);
    expect(heard.slice(0, beforeSecond).every((v) => v === 111)).toBe(true);
    expect(pool.stats.allocated).toBeLessThan(100);
  });
});
