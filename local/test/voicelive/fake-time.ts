// A manual clock and timer queue for session tests: time moves only when the test says so.

import type { Clock, Timers } from "../../src/voicelive/index.js";

export class FakeTime implements Clock, Timers {
  private nowMs = 1_800_000_000_000;
  private nextHandle = 1;
  private readonly queue = new Map<number, { atMs: number; callback: () => void }>();

  now(): number {
    return this.nowMs;
  }

  setTimeout(callback: () => void, delayMs: number): unknown {
    const handle = this.nextHandle++;
    this.queue.set(handle, { atMs: this.nowMs + Math.max(0, delayMs), callback });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.queue.delete(handle as number);
  }

  /** Runs every timer due within `ms`, in time order, moving the clock along. */
  advance(ms: number): void {
    const until = this.nowMs + ms;
    for (;;) {
      let next: [number, { atMs: number; callback: () => void }] | undefined;
      for (const entry of this.queue)
        if (entry[1].atMs <= until && (!next || entry[1].atMs < next[1].atMs)) next = entry;
      if (!next) break;
      this.queue.delete(next[0]);
      this.nowMs = next[1].atMs;
      next[1].callback();
    }
    this.nowMs = until;
  }

  get pendingTimers(): number {
    return this.queue.size;
  }
}
