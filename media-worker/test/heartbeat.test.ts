/** Heartbeat on a fake clock: a ping every interval, a miss when a ping is still unanswered at the next beat. */
import { FakeClock } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { Heartbeat } from "../src/net/heartbeat.js";

const INTERVAL_MS = 1_000;

function heartbeat() {
  const clock = new FakeClock();
  const pingsAtMs: number[] = [];
  const missedAtMs: number[] = [];
  const beat = new Heartbeat({
    clock,
    intervalMs: INTERVAL_MS,
    ping: () => pingsAtMs.push(clock.now()),
    missed: () => missedAtMs.push(clock.now()),
  });
  return { clock, beat, pingsAtMs, missedAtMs };
}

describe("Heartbeat", () => {
  it("pings every interval while each ping is answered before the next beat", () => {
    const { clock, beat, pingsAtMs, missedAtMs } = heartbeat();
    beat.start();
    for (let i = 0; i < 3; i++) {
      clock.advance(INTERVAL_MS);
      beat.pong();
    }
    expect(pingsAtMs).toEqual([1_000, 2_000, 3_000]);
    expect(missedAtMs).toEqual([]);
  });

  it("reports a miss at the beat after an unanswered ping, once, and pings no more", () => {
    const { clock, beat, pingsAtMs, missedAtMs } = heartbeat();
    beat.start();
    clock.advance(INTERVAL_MS);
    beat.pong();
    clock.advance(INTERVAL_MS); // this ping goes unanswered
    clock.advance(10 * INTERVAL_MS);
    expect(pingsAtMs).toEqual([1_000, 2_000]);
    expect(missedAtMs).toEqual([3_000]);
    expect(clock.pendingTimers).toBe(0);
  });

  it("a late pong still counts when it comes before the next beat", () => {
    const { clock, beat, missedAtMs } = heartbeat();
    beat.start();
    clock.advance(INTERVAL_MS);
    clock.advance(INTERVAL_MS - 1);
    beat.pong();
    clock.advance(1);
    expect(missedAtMs).toEqual([]);
  });

  it("stops: no ping and no verdict after stop, and no timer left", () => {
    const { clock, beat, pingsAtMs, missedAtMs } = heartbeat();
    beat.start();
    clock.advance(INTERVAL_MS); // a ping is out, unanswered
    beat.stop();
    clock.advance(10 * INTERVAL_MS);
    expect(pingsAtMs).toEqual([1_000]);
    expect(missedAtMs).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });

  it("stops without a verdict when its owner stops it while pinging (the socket is closing)", () => {
    const clock = new FakeClock();
    const missed: number[] = [];
    const beat: Heartbeat = new Heartbeat({
      clock,
      intervalMs: INTERVAL_MS,
      ping: () => beat.stop(),
      missed: () => missed.push(clock.now()),
    });
    beat.start();
    clock.advance(10 * INTERVAL_MS);
    expect(missed).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });
});
