/** Measurements of one kind (milliseconds), kept compactly and bounded: beyond `maxSamples` only counted. */
export class SampleLog {
  #values: Float64Array;
  #length = 0;
  #overflow = 0;
  readonly #maxSamples: number;

  constructor(maxSamples = 4_000_000) {
    this.#maxSamples = maxSamples;
    this.#values = new Float64Array(1024);
  }

  add(value: number): void {
    if (this.#length === this.#maxSamples) {
      this.#overflow++;
      return;
    }
    if (this.#length === this.#values.length) {
      const grown = new Float64Array(Math.min(this.#maxSamples, this.#values.length * 2));
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#length++] = value;
  }

  get count(): number {
    return this.#length + this.#overflow;
  }

  clear(): void {
    this.#length = 0;
    this.#overflow = 0;
  }

  /** p50, p99, max (nearest rank), or undefined when empty. */
  summary(): Percentiles | undefined {
    if (this.#length === 0) return undefined;
    const sorted = this.#values.slice(0, this.#length).sort();
    const rank = (q: number) =>
      sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
    return { count: this.#length, p50: rank(0.5), p99: rank(0.99), max: sorted[sorted.length - 1] as number };
  }
}

export interface Percentiles {
  count: number;
  p50: number;
  p99: number;
  max: number;
}
