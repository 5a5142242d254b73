// The one fake clock, for the tests of every package and the bench: exported from the package index (not a
// subpath) so that tests, which run against shared's sources, and the built bench import it the same way.
import type { Clock, TimerHandle } from "./clock.js";

interface Scheduled {
  id: number;
  dueMs: number;
  callback: () => void;
}

/** A manual clock: time moves only through `advance`, timers fire in due order as it passes them. */
export class FakeClock implements Clock {
  private nowMs: number;
  private nextId = 1;
  private timers: Scheduled[] = [];

  /** `startMs`: the first `now()` (0 by default; a wall-clock time for code that stamps dates). */
  constructor(options: { startMs?: number } = {}) {
    this.nowMs = options.startMs ?? 0;
  }

  now(): number {
    return this.nowMs;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const timer = { id: this.nextId++, dueMs: this.nowMs + Math.max(0, delayMs), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, each at its own due time. */
  advance(ms: number): void {
    const endMs = this.nowMs + ms;
    for (;;) {
      const next = this.timers.reduce<Scheduled | undefined>(
        (earliest, timer) => (!earliest || timer.dueMs < earliest.dueMs ? timer : earliest),
        undefined,
      );
      if (!next || next.dueMs > endMs) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.nowMs = Math.max(this.nowMs, next.dueMs);
      next.callback();
    }
    this.nowMs = endMs;
  }

  /** Moves time forward by `ms` first, then fires what fell due: every timer runs late, as on a busy loop. */
  advanceLate(ms: number): void {
    this.nowMs += ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.dueMs <= this.nowMs);
      if (due.length === 0) break;
      this.timers = this.timers.filter((timer) => timer.dueMs > this.nowMs);
      for (const timer of due) timer.callback();
    }
  }
}
