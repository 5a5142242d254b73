import { describe, expect, it } from "vitest";
import {
  createManualCallerClock,
  createScaledCallerClock,
  resolveCallerClock,
} from "../../../src/acs/media/caller-clock.js";

describe("caller clocks", () => {
  it("manual clock fires due timers in time order, at their due time, and forgets cancelled ones", () => {
    const clock = createManualCallerClock();
    const fired: string[] = [];
    clock.setTimer(30, () => fired.push(`b@${clock.nowMs()}`));
    clock.setTimer(10, () => {
      fired.push(`a@${clock.nowMs()}`);
      clock.setTimer(5, () => fired.push(`c@${clock.nowMs()}`));
    });
    const cancel = clock.setTimer(20, () => fired.push("cancelled"));
    cancel();
    expect(clock.pendingTimers).toBe(2);
    clock.advance(40);
    expect(fired).toEqual(["a@10", "c@15", "b@30"]);
    expect(clock.nowMs()).toBe(40);
    expect(clock.pendingTimers).toBe(0);
  });

  it("scaled clock runs call time faster than the monotonic clock and shortens timers to match", () => {
    let monotonicMs = 1_000;
    const delays: number[] = [];
    const clock = createScaledCallerClock(4, {
      nowMs: () => monotonicMs,
      setTimeout: (_callback, delayMs) => delays.push(delayMs),
      clearTimeout: () => {},
    });
    monotonicMs += 25;
    expect(clock.nowMs()).toBe(100);
    clock.setTimer(20, () => {});
    expect(delays).toEqual([5]);
  });

  it("rejects a speed that is not positive", () => {
    expect(() => resolveCallerClock({ speed: 0 })).toThrow(RangeError);
    expect(() => resolveCallerClock({ speed: Number.NaN })).toThrow(RangeError);
  });
});
