// A WebSocket stand-in for the emulator's session tests (time comes from the shared FakeClock).

import { EventEmitter } from "node:events";
import type { VoiceLiveSessionSocket as SessionSocket } from "../../src/voicelive/index.js";

/** Wall-clock start of the tests' FakeClock: the emulator stamps dates with it. */
export const FAKE_START_MS = 1_800_000_000_000;

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
