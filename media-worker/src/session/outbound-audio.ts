import { createResampler, frameSamples, PcmChunker, pcm16ToBytes, type Resampler } from "@acs-voice/shared";
import type { CallMetrics } from "./call-metrics.js";
import type { FramePool } from "./frame-pool.js";
import type { OutboundPacer } from "./outbound-pacer.js";
import type { PlayoutTracker } from "./playout-tracker.js";

const FRAME_MS = 20;

export interface OutboundAudioOptions {
  acsHz: number;
  modelHz: number;
  pacer: Pick<OutboundPacer, "enqueue">;
  tracker: PlayoutTracker;
  metrics: CallMetrics;
  /** Where frames' buffers come from and go back to once sent or dropped. */
  pool: FramePool;
}

/**
 * The model's audio on its way to the caller: deltas of any length, converted only when the rates
 * differ, cut into 20 ms frames tagged with their response and item, and handed to the pacer.
 */
export class OutboundAudio {
  private modelHz: number;
  private acsHz: number;
  private readonly pacer: Pick<OutboundPacer, "enqueue">;
  private readonly tracker: PlayoutTracker;
  private readonly metrics: CallMetrics;
  private readonly pool: FramePool;
  private resampler: Resampler;
  private chunker: PcmChunker;
  private current: { responseId: string; itemId: string } | undefined;

  constructor(options: OutboundAudioOptions) {
    this.modelHz = options.modelHz;
    this.acsHz = options.acsHz;
    this.pacer = options.pacer;
    this.tracker = options.tracker;
    this.metrics = options.metrics;
    this.pool = options.pool;
    this.resampler = createResampler(options.modelHz, options.acsHz);
    this.chunker = this.newChunker(options.acsHz);
  }

  /** ACS plays at a rate other than configured (AudioMetadata said so): convert to that rate instead. */
  setAcsRate(acsHz: number): void {
    this.acsHz = acsHz;
    this.resampler = createResampler(this.modelHz, acsHz);
    this.chunker = this.newChunker(acsHz);
    this.current = undefined;
  }

  /** The service speaks at a rate other than asked (session.updated said so): convert from that rate. */
  setModelRate(modelHz: number): void {
    this.modelHz = modelHz;
    this.setAcsRate(this.acsHz);
  }

  /** The response/item whose audio is being framed, if any. */
  get currentResponseId(): string | undefined {
    return this.current?.responseId;
  }

  pushDelta(responseId: string, itemId: string, base64Pcm: string): void {
    if (this.current && this.current.itemId !== itemId) this.endItem(this.current.itemId);
    this.current = { responseId, itemId };
    const samples = this.pool.decodePcm16(base64Pcm);
    this.tracker.recordReceived(itemId, (samples.length * 1000) / this.modelHz);
    let frames: Uint8Array[];
    try {
      frames = this.chunker.push(pcm16ToBytes(this.resampler.process(samples)));
    } catch {
      // A single delta beyond the chunker's bound: refuse it rather than grow without limit.
      this.metrics.outboundDropped++;
      return;
    }
    for (const pcm of frames) this.enqueue(responseId, itemId, pcm);
  }

  /** The item's audio is complete: its last partial frame goes out, padded with silence. */
  endItem(itemId: string): void {
    if (!this.current || this.current.itemId !== itemId) return;
    const tail = this.chunker.flush();
    if (tail) this.enqueue(this.current.responseId, itemId, tail);
    this.current = undefined;
  }

  /** Barge-in: forget the partial frame and the resampler's history of the interrupted audio. */
  reset(): void {
    this.chunker.clear();
    this.resampler.reset();
    this.current = undefined;
  }

  private newChunker(acsHz: number): PcmChunker {
    const frameBytes = frameSamples(acsHz, FRAME_MS) * 2;
    return new PcmChunker(frameBytes, undefined, this.pool.buffer);
  }

  private enqueue(responseId: string, itemId: string, pcm: Uint8Array): void {
    const frame = this.pool.frame(responseId, itemId, pcm, FRAME_MS);
    if (this.pacer.enqueue(frame)) return;
    this.metrics.outboundDropped++;
    this.pool.release(frame);
  }
}
