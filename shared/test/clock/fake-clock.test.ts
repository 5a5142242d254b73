// The one fake clock every package's tests use: time moves only when told, timers fire in due order.
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../src/clock/fake-clock.js";

describe("FakeClock", () => {
  it("fires due timers in order, each at its own time, and leaves later ones pending", () => {
    const clock = new FakeClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 50);
    clock.advance(30);
    expect(fired).toEqual(["a@10", "b@20"]);
    expect(clock.now()).toBe(30);
    expect(clock.pendingTimers).toBe(1);
  });

  it("runs a timer scheduled by a timer within the same advance, and forgets a cleared one", () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    const cleared = clock.setTimeout(() => fired.push(-1), 5);
    clock.setTimeout(() => clock.setTimeout(() => fired.push(clock.now()), 10), 10);
    clock.clearTimeout(cleared);
    clock.advance(25);
    expect(fired).toEqual([20]);
    expect(clock.pendingTimers).toBe(0);
  });

  it("starts where it is told (a wall-clock time), and advanceLate fires every due timer late", () => {
    const clock = new FakeClock({ startMs: 1_800_000_000_000 });
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), 10);
    clock.setTimeout(() => seen.push(clock.now()), 20);
    clock.advanceLate(100);
    expect(seen).toEqual([1_800_000_000_100, 1_800_000_000_100]);
  });
});
