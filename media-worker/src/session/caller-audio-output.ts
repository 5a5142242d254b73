import type { Clock } from "@acs-voice/shared";
import type { AcsLink } from "../acs/acs-media-socket.js";
import type { CallMetrics } from "./call-metrics.js";
import { FramePool } from "./frame-pool.js";
import { OutboundAudio } from "./outbound-audio.js";
import { type OutboundFrame, OutboundPacer } from "./outbound-pacer.js";
import { type PlayedAudio, PlayoutTracker } from "./playout-tracker.js";

/** Pseudo id of the worker's own audio (the apology tone), never sent to Voice Live. */
const LOCAL_AUDIO_ID = "local:tone";
const FRAME_MS = 20;

/** What the output tells its owner. */
export interface CallerAudioListener {
  /** A reply's audio reached the caller: its first frame, or its first after the output was idle. */
  replyAudible(responseId: string): void;
  /** Everything sent to the caller has played and nothing more is coming. */
  playedOut(): void;
}

export interface CallerAudioOutputOptions {
  /** The ACS socket the frames go to. */
  acs: Pick<AcsLink, "sendAudio" | "stopAudio" | "bufferedBytes">;
  clock: Clock;
  acsHz: number;
  modelHz: number;
  leadMs: number;
  metrics: CallMetrics;
  /** The call's start on `clock`, for the time to first audio. */
  startedAtMs: number;
  listener: CallerAudioListener;
  /** Frame buffers, recycled; share one between the calls of a worker. */
  pool?: FramePool;
}

/** What a stop left behind: the replies whose audio must never play again, and what was dropped. */
export interface StoppedAudio {
  /** The replies being framed or heard when the audio stopped. */
  responseIds: string[];
  clearedFrames: number;
}

/** A stop at a barge-in: also where the caller stopped hearing the item (for the model's truncate). */
export interface InterruptedAudio extends StoppedAudio {
  truncated: PlayedAudio | undefined;
}

/**
 * What the caller hears: the model's audio deltas in, converted and framed (OutboundAudio), paced to
 * ACS at real time plus a small lead (OutboundPacer), with a record of what of each item was sent and
 * so heard (PlayoutTracker). Reports when a reply becomes audible and when everything has played out;
 * `stop()` silences it, `interrupt()` is a stop that also says where the caller stopped hearing.
 */
export class CallerAudioOutput {
  private readonly acs: CallerAudioOutputOptions["acs"];
  private readonly clock: Clock;
  private readonly metrics: CallMetrics;
  private readonly startedAtMs: number;
  private readonly listener: CallerAudioListener;
  private readonly pacer: OutboundPacer;
  private readonly tracker = new PlayoutTracker();
  private readonly audio: OutboundAudio;
  private readonly pool: FramePool;
  /** The reply of the last frame ACS received, until the output stops or plays out. */
  private playingResponseId: string | undefined;

  constructor(options: CallerAudioOutputOptions) {
    this.acs = options.acs;
    this.clock = options.clock;
    this.metrics = options.metrics;
    this.startedAtMs = options.startedAtMs;
    this.listener = options.listener;
    this.pool = options.pool ?? new FramePool();
    this.pacer = new OutboundPacer({
      clock: options.clock,
      leadMs: options.leadMs,
      sink: { send: (frame) => this.send(frame), bufferedBytes: () => this.acs.bufferedBytes() },
      onDrained: () => this.drained(),
      onDropped: (frame) => this.recycle(frame),
    });
    this.audio = new OutboundAudio({
      acsHz: options.acsHz,
      modelHz: options.modelHz,
      pacer: this.pacer,
      tracker: this.tracker,
      metrics: options.metrics,
      pool: this.pool,
    });
  }

  /** Something is playing, queued, or being framed. */
  get playing(): boolean {
    return this.pacer.active || this.audio.currentResponseId !== undefined;
  }

  /** Audio still to be handed to ACS (lost if the answer's connection drops). */
  get hasUnsentAudio(): boolean {
    return this.pacer.queuedFrames > 0;
  }

  /** How long what was sent and queued still plays. */
  get remainingMs(): number {
    return this.pacer.queuedFrames * FRAME_MS + this.pacer.bufferedMs();
  }

  get sendsDeferred(): number {
    return this.pacer.stats.sendsDeferred;
  }

  pushDelta(responseId: string, itemId: string, base64Pcm: string): void {
    this.audio.pushDelta(responseId, itemId, base64Pcm);
  }

  /** The item's audio is complete: its last partial frame goes out. */
  endItem(itemId: string): void {
    this.audio.endItem(itemId);
    if (!this.playing) this.drained();
  }

  /** Plays the worker's own audio (the apology tone); returns its length in ms. */
  playTone(frames: readonly Uint8Array[]): number {
    for (const pcm of frames) {
      this.pacer.enqueue({ responseId: LOCAL_AUDIO_ID, itemId: LOCAL_AUDIO_ID, pcm, durationMs: FRAME_MS });
    }
    return frames.length * FRAME_MS;
  }

  /** Silences the caller's audio at once and forgets what produced it. */
  stop(): StoppedAudio {
    if (this.pacer.active) this.acs.stopAudio();
    const stopped = this.drop();
    this.tracker.endPlayout();
    return stopped;
  }

  /** The caller cut in: silence at once, and where in the item they stopped hearing. */
  interrupt(): InterruptedAudio {
    this.acs.stopAudio();
    // Read before clearing: what ACS still held when it was told to stop was never heard.
    const stillBufferedMs = this.pacer.bufferedMs();
    const stopped = this.drop();
    const truncated = this.tracker.playedAudio(stillBufferedMs);
    this.tracker.endPlayout();
    return { ...stopped, truncated };
  }

  /** ACS plays at another rate (AudioMetadata said so): convert to that rate instead. */
  setAcsRate(acsHz: number): void {
    this.audio.setAcsRate(acsHz);
  }

  /** The model speaks at another rate (session.updated said so): convert from that rate. */
  setModelRate(modelHz: number): void {
    this.audio.setModelRate(modelHz);
  }

  close(): void {
    this.pacer.close();
  }

  private drop(): StoppedAudio {
    const responseIds = [
      ...new Set([this.audio.currentResponseId, this.playingResponseId].filter((id) => id !== undefined)),
    ];
    const clearedFrames = this.pacer.clear();
    this.metrics.outboundCleared += clearedFrames;
    this.audio.reset();
    this.playingResponseId = undefined;
    return { responseIds, clearedFrames };
  }

  /** The pacer's sink: one frame to ACS (encoded at once, so its buffer is free afterwards). */
  private send(frame: OutboundFrame): void {
    this.acs.sendAudio(frame.pcm);
    this.metrics.framesOut++;
    if (this.metrics.timeToFirstAudioMs === undefined) {
      this.metrics.timeToFirstAudioMs = Math.round(this.clock.now() - this.startedAtMs);
    }
    if (frame.itemId === LOCAL_AUDIO_ID) return;
    const { responseId, itemId, durationMs } = frame;
    this.pool.release(frame);
    this.tracker.recordSent(itemId, durationMs);
    if (responseId === this.playingResponseId) return;
    this.playingResponseId = responseId;
    this.listener.replyAudible(responseId);
  }

  /** A dropped frame of the model's audio goes back to the pool (the tone's frames are its own). */
  private recycle(frame: OutboundFrame): void {
    if (frame.itemId !== LOCAL_AUDIO_ID) this.pool.release(frame);
  }

  private drained(): void {
    if (this.audio.currentResponseId !== undefined) return;
    this.playingResponseId = undefined;
    this.listener.playedOut();
  }
}
