import { bytesToPcm16 } from "@acs-voice/shared";
import type { OutboundFrame } from "./outbound-pacer.js";

/** Free frames kept for reuse, all sizes together: 4,096 frames are 4 MB at 24 kHz. */
const DEFAULT_MAX_FREE_FRAMES = 4_096;
/** The scratch a delta is decoded into grows to this; a larger delta decodes into a buffer of its own. */
const MAX_SCRATCH_BYTES = 256 * 1024;

/**
 * The outbound audio's buffers, recycled across the calls of a worker. The model speaks faster than real
 * time, so every bot frame waits in a pacer queue for up to seconds: long enough for V8 to move a fresh
 * buffer into the old generation, where thousands a second piled up as garbage until a full collection
 * (tens of MB of external memory at 200 calls, and the pauses of copying them). A frame taken here goes
 * back once it was sent or dropped, and the next frame reuses it; a delta is decoded into one scratch
 * buffer. Not thread-safe and not re-entrant: the worker's event loop uses it synchronously.
 */
export class FramePool {
  private readonly freeBuffers = new Map<number, Uint8Array[]>();
  private readonly freeFrames: OutboundFrame[] = [];
  private freeCount = 0;
  private scratch: Buffer = Buffer.allocUnsafeSlow(16 * 1024);
  private counters = { allocated: 0, reused: 0 };

  constructor(private readonly maxFreeFrames = DEFAULT_MAX_FREE_FRAMES) {}

  /** A buffer of `bytes` bytes, reused when one is free; its content is whatever it held before. */
  buffer = (bytes: number): Uint8Array => {
    const reused = this.freeBuffers.get(bytes)?.pop();
    if (reused) {
      this.freeCount--;
      this.counters.reused++;
      return reused;
    }
    this.counters.allocated++;
    return new Uint8Array(bytes);
  };

  /** A frame record for `pcm` (a buffer from `buffer`). */
  frame(responseId: string, itemId: string, pcm: Uint8Array, durationMs: number): OutboundFrame {
    const frame = this.freeFrames.pop();
    if (!frame) return { responseId, itemId, pcm, durationMs };
    frame.responseId = responseId;
    frame.itemId = itemId;
    frame.pcm = pcm;
    frame.durationMs = durationMs;
    return frame;
  }

  /** The frame was sent or dropped: its buffer and record are free for the next one. */
  release(frame: OutboundFrame): void {
    if (this.freeCount >= this.maxFreeFrames) return;
    const bytes = frame.pcm.byteLength;
    let list = this.freeBuffers.get(bytes);
    if (!list) {
      list = [];
      this.freeBuffers.set(bytes, list);
    }
    list.push(frame.pcm);
    this.freeCount++;
    if (this.freeFrames.length < this.maxFreeFrames) this.freeFrames.push(frame);
  }

  /**
   * The samples of a base64 PCM16 delta, decoded into the pool's scratch: valid until the next call, so
   * use (copy, resample, frame) them at once.
   */
  decodePcm16(base64: string): Int16Array {
    const bytes = (base64.length >> 2) * 3;
    if (bytes > this.scratch.byteLength && bytes <= MAX_SCRATCH_BYTES) {
      this.scratch = Buffer.allocUnsafeSlow(
        Math.min(MAX_SCRATCH_BYTES, Math.max(bytes, this.scratch.byteLength * 2)),
      );
    }
    if (bytes > this.scratch.byteLength) {
      return bytesToPcm16(Buffer.from(base64, "base64"));
    }
    const written = this.scratch.write(base64, 0, "base64");
    return new Int16Array(this.scratch.buffer, this.scratch.byteOffset, written >> 1);
  }

  get stats(): Readonly<{ allocated: number; reused: number; free: number }> {
    return { ...this.counters, free: this.freeCount };
  }
}
