/**
 * Records a PCM16 track frame by frame up to a fixed length, so a call that runs for hours cannot
 * exhaust memory; what is beyond the limit is counted, not kept.
 */
export class PcmRecorder {
  readonly maxSamples: number;
  readonly #chunks: Int16Array[] = [];
  #recordedSamples = 0;
  #droppedSamples = 0;

  constructor(maxSamples: number) {
    this.maxSamples = maxSamples;
  }

  get recordedSamples(): number {
    return this.#recordedSamples;
  }

  get droppedSamples(): number {
    return this.#droppedSamples;
  }

  /** Keeps a reference to `samples` (no copy): the caller must not change them afterwards. */
  append(samples: Int16Array): void {
    const room = this.maxSamples - this.#recordedSamples;
    const kept = samples.length <= room ? samples : samples.subarray(0, Math.max(0, room));
    if (kept.length > 0) this.#chunks.push(kept);
    this.#recordedSamples += kept.length;
    this.#droppedSamples += samples.length - kept.length;
  }

  toInt16Array(): Int16Array {
    const track = new Int16Array(this.#recordedSamples);
    let offset = 0;
    for (const chunk of this.#chunks) {
      track.set(chunk, offset);
      offset += chunk.length;
    }
    return track;
  }
}
