import type { Clock, TimerHandle } from "@acs-voice/shared";
import { RingQueue } from "./ring-queue.js";

/** One fixed-length frame of model audio at the ACS rate, tagged with what produced it. */
export interface OutboundFrame {
  responseId: string;
  itemId: string;
  /** PCM16 LE mono at the ACS rate, exactly one frame long. */
  pcm: Uint8Array;
  durationMs: number;
}

/** Where paced frames go: the ACS media socket, seen through the two things pacing needs. */
export interface PacerSink {
  send(frame: OutboundFrame): void;
  /** Bytes accepted by the socket but not yet written to the network (`ws.bufferedAmount`). */
  bufferedBytes(): number;
}

export interface OutboundPacerOptions {
  clock: Clock;
  sink: PacerSink;
  /** How far ahead of real time ACS may be fed. Small keeps StopAudio instant and truncation exact. */
  leadMs?: number;
  /** Bound of the queue in frames; beyond it new frames are refused and counted. */
  maxQueuedFrames?: number;
  /** Above this many unsent socket bytes the network is behind: hold frames instead of piling on. */
  maxSocketBufferedBytes?: number;
  /**
   * Everything sent has played (by the pacer's estimate) and nothing is queued: fired once per run of
   * audio, at the moment its last frame ends. Not fired after `clear()` (the caller stopped it).
   */
  onDrained?: () => void;
  /** Each frame that will not be sent after all (`clear`, `close`): its buffer may be reused. */
  onDropped?: (frame: OutboundFrame) => void;
}

/**
 * 60 ms: three 20 ms frames. Enough to ride over event-loop hiccups and network jitter, small enough
 * that a barge-in never lets the caller hear more than a syllable of the old answer.
 */
export const DEFAULT_LEAD_MS = 60;
/**
 * 2 minutes of 20 ms frames. The model generates faster than real time, so a long answer queues up here;
 * the bound only protects memory. Refusing the newest (rather than dropping the oldest) keeps the sent
 * audio a prefix of the item, so the truncation point stays true.
 */
export const DEFAULT_MAX_QUEUED_FRAMES = 6000;
/** About a second of 24 kHz AudioData JSON: the socket is clearly not keeping up beyond this. */
export const DEFAULT_MAX_SOCKET_BUFFERED_BYTES = 64 * 1024;
/** Node timers may fire up to a millisecond before the monotonic clock says they are due. */
const TIMER_TOLERANCE_MS = 1;
/** How long to wait before looking at a congested socket again. */
const CONGESTION_RETRY_MS = 20;

/**
 * Sends queued frames to ACS at real time plus a small lead, scheduled against a monotonic clock.
 *
 * The pacer keeps an estimate of when the audio already sent will have finished playing
 * (`playoutEndsAtMs`); a frame goes out whenever less than `leadMs` would remain buffered after it.
 * Deadlines are absolute, so a late timer is caught up on the next tick instead of adding drift.
 */
export class OutboundPacer {
  private readonly clock: Clock;
  private readonly sink: PacerSink;
  private readonly leadMs: number;
  private readonly maxQueuedFrames: number;
  private readonly maxSocketBufferedBytes: number;
  private readonly queue = new RingQueue<OutboundFrame>();
  private playoutEndsAtMs = Number.NEGATIVE_INFINITY;
  private timer: TimerHandle | undefined;
  /** Due when the last frame sent ends playing. */
  private drainTimer: TimerHandle | undefined;
  private readonly onDrained: (() => void) | undefined;
  private readonly onDropped: ((frame: OutboundFrame) => void) | undefined;
  private closed = false;
  private ticking = false;
  private counters = { framesSent: 0, framesRefused: 0, framesCleared: 0, sendsDeferred: 0 };

  constructor(options: OutboundPacerOptions) {
    this.clock = options.clock;
    this.sink = options.sink;
    this.leadMs = Math.max(0, options.leadMs ?? DEFAULT_LEAD_MS);
    this.maxQueuedFrames = Math.max(1, options.maxQueuedFrames ?? DEFAULT_MAX_QUEUED_FRAMES);
    this.maxSocketBufferedBytes = options.maxSocketBufferedBytes ?? DEFAULT_MAX_SOCKET_BUFFERED_BYTES;
    this.onDrained = options.onDrained;
    this.onDropped = options.onDropped;
  }

  /** Queues a frame and sends at once what is due. Returns false when the frame was refused. */
  enqueue(frame: OutboundFrame): boolean {
    if (this.closed) return false;
    if (this.queuedFrames >= this.maxQueuedFrames) {
      this.counters.framesRefused++;
      return false;
    }
    this.queue.push(frame);
    this.cancelDrainTimer();
    if (this.timer === undefined && !this.ticking) this.tick();
    return true;
  }

  get queuedFrames(): number {
    return this.queue.length;
  }

  /** Milliseconds of sent audio that ACS has not played yet, by the pacer's estimate. */
  bufferedMs(): number {
    return Math.max(0, this.playoutEndsAtMs - this.clock.now());
  }

  /** True while anything sent or queued may still be playing or about to play. */
  get active(): boolean {
    return this.queuedFrames > 0 || this.bufferedMs() > 0;
  }

  get stats(): Readonly<{
    framesSent: number;
    framesRefused: number;
    framesCleared: number;
    sendsDeferred: number;
  }> {
    return { ...this.counters };
  }

  /**
   * Drops every queued frame and forgets what ACS held (call right after StopAudio, which empties
   * ACS's buffer). Returns the number of frames dropped.
   */
  clear(): number {
    const dropped = this.queuedFrames;
    this.counters.framesCleared += dropped;
    this.queue.drain(this.onDropped);
    this.playoutEndsAtMs = Number.NEGATIVE_INFINITY;
    this.cancelTimer();
    this.cancelDrainTimer();
    return dropped;
  }

  close(): void {
    this.clear();
    this.closed = true;
  }

  private tick = (): void => {
    this.timer = undefined;
    if (this.closed || this.queuedFrames === 0) return;
    if (this.sink.bufferedBytes() > this.maxSocketBufferedBytes) {
      this.counters.sendsDeferred++;
      this.timer = this.clock.setTimeout(this.tick, CONGESTION_RETRY_MS);
      return;
    }
    let now = this.clock.now();
    this.ticking = true;
    try {
      while (
        this.queuedFrames > 0 &&
        this.playoutEndsAtMs - now <= this.sendThresholdMs() + TIMER_TOLERANCE_MS
      ) {
        const frame = this.dequeue();
        this.playoutEndsAtMs = Math.max(this.playoutEndsAtMs, now) + frame.durationMs;
        this.counters.framesSent++;
        this.sink.send(frame);
        now = this.clock.now();
      }
    } finally {
      this.ticking = false;
    }
    if (this.closed) return;
    if (this.queuedFrames > 0) {
      const sendBelowMs = this.sendThresholdMs();
      const dueInMs = this.playoutEndsAtMs - sendBelowMs - now;
      this.timer = this.clock.setTimeout(this.tick, Math.max(TIMER_TOLERANCE_MS, dueInMs));
    } else {
      this.armDrainTimer();
    }
  };

  /** The queue is empty: the audio ends when the last frame sent ends. */
  private armDrainTimer(): void {
    if (this.onDrained === undefined) return;
    this.cancelDrainTimer();
    this.drainTimer = this.clock.setTimeout(this.drained, Math.max(0, this.bufferedMs()));
  }

  private drained = (): void => {
    this.drainTimer = undefined;
    if (this.closed || this.queuedFrames > 0) return;
    // A timer may fire a little before the clock says it is due.
    if (this.bufferedMs() > 0) {
      this.drainTimer = this.clock.setTimeout(this.drained, Math.max(TIMER_TOLERANCE_MS, this.bufferedMs()));
      return;
    }
    this.onDrained?.();
  };

  private cancelDrainTimer(): void {
    if (this.drainTimer !== undefined) {
      this.clock.clearTimeout(this.drainTimer);
      this.drainTimer = undefined;
    }
  }

  /** A frame may go when at most `leadMs - frame` remains, so at most `leadMs` is buffered after it. */
  private sendThresholdMs(): number {
    const next = this.queue.peek();
    return Math.max(0, this.leadMs - (next?.durationMs ?? 0));
  }

  /** Only called when `queuedFrames > 0`. */
  private dequeue(): OutboundFrame {
    const frame = this.queue.shift();
    if (!frame) throw new Error("OutboundPacer: dequeue from an empty queue");
    return frame;
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
