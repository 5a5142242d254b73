// A manual clock and timer queue for session tests: time moves only when the test says so.

import { EventEmitter } from "node:events";
import type {
  VoiceLiveClock as Clock,
  VoiceLiveSessionSocket as SessionSocket,
  VoiceLiveTimers as Timers,
} from "../../src/voicelive/index.js";

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

/** A WebSocket stand-in that records what the session sent and lets the test deliver messages. */
export class FakeSocket extends EventEmitter implements SessionSocket {
  readyState = 1;
  readonly sent: Array<Record<string, unknown> & { type: string }> = [];
  closedWith: number | undefined;
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000): void {
    this.closedWith = code;
    this.readyState = 3;
    this.emit("close", code);
  }
  terminate(): void {
    this.close(1006);
  }
  ofTypeCount(type: string): number {
    return this.sent.filter((e) => e.type === type).length;
  }
  receive(event: Record<string, unknown>): void {
    this.emit("message", Buffer.from(JSON.stringify(event)), false);
  }
  ofType(type: string) {
    return this.sent.filter((e) => e.type === type);
  }
}
