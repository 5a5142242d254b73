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

  /**
   * `allocate` gives the buffer each frame is copied into (default: a new one); a caller that recycles
   * frames (a pool) passes its own, so the hot path makes no garbage.
   */
  constructor(
    private readonly frameBytes: number,
    private readonly maxPendingBytes = Math.max(DEFAULT_MAX_PENDING_BYTES, frameBytes),
    private readonly allocate: (frameBytes: number) => Uint8Array = (bytes) => new Uint8Array(bytes),
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
      frames.push(this.copy(this.remainder, 0));
      this.remainderBytes = 0;
      offset = needed;
    }
    while (bytes.byteLength - offset >= this.frameBytes) {
      frames.push(this.copy(bytes, offset));
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
    const frame = this.allocate(this.frameBytes);
    frame.fill(0, this.remainderBytes);
    frame.set(this.remainder.subarray(0, this.remainderBytes));
    this.remainderBytes = 0;
    return frame;
  }

  private copy(source: Uint8Array, offset: number): Uint8Array {
    const frame = this.allocate(this.frameBytes);
    frame.set(source.subarray(offset, offset + this.frameBytes));
    return frame;
  }

  /** Drops the remainder (barge-in: queued audio is discarded, not played). */
  clear(): void {
    this.remainderBytes = 0;
  }
}
