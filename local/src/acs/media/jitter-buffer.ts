/**
 * The caller's playout buffer: bot audio waits here until the speaker plays it, 20 ms per tick.
 * Bounded like the one in ACS: audio that arrives when it is full is dropped (and counted), so a worker
 * that floods the line without pacing shows up in the report instead of in the test process's memory.
 */
export class JitterBuffer {
  readonly capacitySamples: number;
  readonly #ring: Int16Array;
  #readIndex = 0;
  #length = 0;

  constructor(capacitySamples: number) {
    if (!Number.isInteger(capacitySamples) || capacitySamples <= 0) {
      throw new RangeError(`jitter buffer capacity must be a positive whole number of samples`);
    }
    this.capacitySamples = capacitySamples;
    this.#ring = new Int16Array(capacitySamples);
  }

  get bufferedSamples(): number {
    return this.#length;
  }

  /** Queues as much of `samples` as fits; returns how many samples were dropped for lack of room. */
  push(samples: Int16Array): number {
    const accepted = Math.min(samples.length, this.capacitySamples - this.#length);
    let writeIndex = (this.#readIndex + this.#length) % this.capacitySamples;
    let offset = 0;
    while (offset < accepted) {
      const run = Math.min(accepted - offset, this.capacitySamples - writeIndex);
      this.#ring.set(samples.subarray(offset, offset + run), writeIndex);
      offset += run;
      writeIndex = (writeIndex + run) % this.capacitySamples;
    }
    this.#length += accepted;
    return samples.length - accepted;
  }

  /** Moves up to `into.length` samples into the start of `into`; returns how many (the rest is untouched). */
  read(into: Int16Array): number {
    const wanted = Math.min(into.length, this.#length);
    let offset = 0;
    while (offset < wanted) {
      const run = Math.min(wanted - offset, this.capacitySamples - this.#readIndex);
      into.set(this.#ring.subarray(this.#readIndex, this.#readIndex + run), offset);
      offset += run;
      this.#readIndex = (this.#readIndex + run) % this.capacitySamples;
    }
    this.#length -= wanted;
    return wanted;
  }

  /** Drops everything still queued (StopAudio); returns how many samples were discarded. */
  clear(): number {
    const discarded = this.#length;
    this.#readIndex = 0;
    this.#length = 0;
    return discarded;
  }
}
