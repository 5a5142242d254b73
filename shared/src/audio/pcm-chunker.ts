/** Default bound on one push plus the kept remainder: 10 s of 48 kHz PCM16, far above any real delta. */
const DEFAULT_MAX_PENDING_BYTES = 960_000;

/**
 * Re-frames a byte stream of arbitrary chunk lengths into fixed-size frames (e.g. 20 ms of PCM16),
 * keeping the incomplete tail for the next push. Memory is bounded: the remainder is always shorter
 * than one frame, and a single push larger than `maxPendingBytes` is refused.
 */
export class PcmChunker {
  private readonly remainder: Uint8Array;
  private remainderBytes = 0;

  constructor(
    private readonly frameBytes: number,
    private readonly maxPendingBytes = Math.max(DEFAULT_MAX_PENDING_BYTES, frameBytes),
  ) {
    if (!Number.isInteger(frameBytes) || frameBytes <= 0) {
      throw new RangeError(`PcmChunker: frameBytes must be a positive integer, got ${frameBytes}`);
    }
    if (!Number.isInteger(maxPendingBytes) || maxPendingBytes < frameBytes) {
      throw new RangeError(
        `PcmChunker: maxPendingBytes (${maxPendingBytes}) must be an integer of at least one frame (${frameBytes})`,
      );
    }
    this.remainder = new Uint8Array(frameBytes);
  }

  /** Bytes kept from earlier pushes that do not yet make a whole frame. */
  get pendingBytes(): number {
    return this.remainderBytes;
  }

  /**
   * Appends `bytes` and returns every frame completed by them, each a fresh copy the caller may keep.
   * Throws a RangeError, keeping its state unchanged, when the push would exceed `maxPendingBytes`.
   */
  push(bytes: Uint8Array): Uint8Array[] {
    if (this.remainderBytes + bytes.byteLength > this.maxPendingBytes) {
      throw new RangeError(
        `PcmChunker: a push of ${bytes.byteLength} bytes exceeds the bound of ${this.maxPendingBytes} pending bytes`,
      );
    }
    const frames: Uint8Array[] = [];
    let offset = 0;
    if (this.remainderBytes > 0) {
      const needed = this.frameBytes - this.remainderBytes;
      if (bytes.byteLength < needed) {
        this.remainder.set(bytes, this.remainderBytes);
        this.remainderBytes += bytes.byteLength;
        return frames;
      }
      this.remainder.set(bytes.subarray(0, needed), this.remainderBytes);
      frames.push(this.remainder.slice());
      this.remainderBytes = 0;
      offset = needed;
    }
    while (bytes.byteLength - offset >= this.frameBytes) {
      frames.push(bytes.slice(offset, offset + this.frameBytes));
      offset += this.frameBytes;
    }
    const tail = bytes.byteLength - offset;
    if (tail > 0) {
      this.remainder.set(bytes.subarray(offset), 0);
      this.remainderBytes = tail;
    }
    return frames;
  }

  /** The remainder zero-padded to one whole frame (end of a stream), or undefined when nothing is kept. */
  flush(): Uint8Array | undefined {
    if (this.remainderBytes === 0) return undefined;
    const frame = new Uint8Array(this.frameBytes);
    frame.set(this.remainder.subarray(0, this.remainderBytes));
    this.remainderBytes = 0;
    return frame;
  }

  /** Drops the remainder (barge-in: queued audio is discarded, not played). */
  clear(): void {
    this.remainderBytes = 0;
  }
}
