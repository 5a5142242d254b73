import type { Clock, TimerHandle } from "@acs-voice/shared";

export interface HeartbeatOptions {
  clock: Clock;
  intervalMs: number;
  /** Sends a ping; the socket's pong is reported with `pong()`. May `stop()` instead (socket closing). */
  ping(): void;
  /** No pong came between one beat and the next: the peer is gone. The heartbeat has stopped. */
  missed(): void;
}

/**
 * Finds a dead peer on a WebSocket: pings every interval, and a ping still unanswered at the next beat
 * is a miss. Silence proves nothing (a phone call can be quiet for minutes, and a dead TCP path sends no
 * close), so the heartbeat is the only way to notice. Each socket keeps its own interval and decides what
 * a miss means; the heartbeat stops at a miss and when its owner stops it (the socket closed).
 */
export class Heartbeat {
  private timer: TimerHandle | undefined;
  private awaitingPong = false;
  private running = false;

  constructor(private readonly options: HeartbeatOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.awaitingPong = false;
    this.schedule();
  }

  pong(): void {
    this.awaitingPong = false;
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.timer = this.options.clock.setTimeout(() => this.beat(), this.options.intervalMs);
  }

  private beat(): void {
    this.timer = undefined;
    if (!this.running) return;
    if (this.awaitingPong) {
      this.running = false;
      this.options.missed();
      return;
    }
    this.awaitingPong = true;
    this.options.ping();
    // The owner may have stopped it from `ping` (the socket is closing).
    if (this.running) this.schedule();
  }
}
