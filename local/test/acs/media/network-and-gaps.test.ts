// The caller side's model of a real line: messages from the worker delayed in order (one TCP stream),
// and the gaps the caller hears when the playout runs dry inside the bot's speech. On a manual clock.
import { describe, expect, it } from "vitest";
import { createManualCallerClock } from "../../../src/acs/media/caller-clock.js";
import { NetworkDelay } from "../../../src/acs/media/network-delay.js";
import { MAX_GAP_MS, PlayoutGaps } from "../../../src/acs/media/playout-gaps.js";

describe("NetworkDelay", () => {
  it("delivers every message after its random delay, never before one sent earlier", () => {
    const clock = createManualCallerClock();
    const network = new NetworkDelay(clock, { jitterMs: 80, seed: 7 });
    const arrivals: Array<[number, number]> = [];
    for (let i = 0; i < 50; i++) {
      network.send(() => arrivals.push([i, clock.nowMs()]));
      clock.advance(20);
    }
    clock.advance(100);
    expect(arrivals.map(([i]) => i)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    for (const [i, at] of arrivals) {
      expect(at).toBeGreaterThanOrEqual(i * 20);
      expect(at).toBeLessThanOrEqual(i * 20 + 80 + 20);
    }
    const times = arrivals.map(([, at]) => at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // really jittered: not every message took the same time
    expect(new Set(arrivals.map(([i, at]) => at - i * 20)).size).toBeGreaterThan(5);
    expect(clock.pendingTimers).toBe(0);
  });

  it("a burst (a retransmission) holds up the messages behind it", () => {
    const clock = createManualCallerClock();
    const network = new NetworkDelay(clock, { burstProbability: 1, burstMs: 200 });
    const arrivals: number[] = [];
    network.send(() => arrivals.push(clock.nowMs()));
    clock.advance(20);
    network.send(() => arrivals.push(clock.nowMs()));
    clock.advance(300);
    expect(arrivals).toEqual([200, 220]);
  });

  it("delivers nothing after close", () => {
    const clock = createManualCallerClock();
    const network = new NetworkDelay(clock, { jitterMs: 50 });
    let delivered = 0;
    network.send(() => delivered++);
    network.close();
    clock.advance(100);
    expect(delivered).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe("PlayoutGaps", () => {
  const FRAME = 320;
  const play = (gaps: PlayoutGaps, pattern: string) => {
    // "#" a full frame, "." an empty one, "h" half a frame
    for (const c of pattern) gaps.tick(c === "#" ? FRAME : c === "h" ? FRAME / 2 : 0, FRAME);
  };

  it("counts a dry spell inside speech as a gap, with its length", () => {
    const gaps = new PlayoutGaps(20);
    play(gaps, "#####..###h#####");
    expect(gaps.gaps).toBe(2);
    expect(gaps.gapMs).toBe(40 + 10);
  });

  it("silence before speech, after an answer, or after a StopAudio is no gap", () => {
    const gaps = new PlayoutGaps(20);
    play(gaps, `....####${".".repeat(MAX_GAP_MS / 20 + 1)}####`);
    gaps.stopped();
    play(gaps, "...###");
    expect(gaps.gaps).toBe(0);
  });
});
