// Time as the services see it. Everything that waits or measures takes a Clock through its constructor,
// with `systemClock` as the production default, so tests drive time with the FakeClock instead of sleeping.
import { performance } from "node:perf_hooks";

/** Opaque handle of a scheduled callback. */
export type TimerHandle = unknown;

/** A monotonic millisecond clock plus timers. */
export interface Clock {
  /** Monotonic milliseconds (not wall time): pacing must not jump when NTP adjusts the system clock. */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, Math.max(0, delayMs)),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
