import { performance } from "node:perf_hooks";

/** Opaque handle of a scheduled callback. */
export type TimerHandle = unknown;

/**
 * Time as the worker sees it: a monotonic millisecond clock plus timers. Everything that waits or measures
 * takes one of these, so tests drive it with a fake clock instead of sleeping.
 */
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
