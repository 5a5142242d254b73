import { designKaiserLowpass } from "./kaiser-lowpass.js";

/** A streaming sample-rate converter for mono PCM16. */
export interface Resampler {
  readonly fromHz: number;
  readonly toHz: number;
  /**
   * Converts the next chunk of a stream (any length, including 0). Filter history carries over
   * between calls, so chunked output is identical to converting the whole stream in one call.
   * After n input samples in total, exactly ceil(n * toHz / fromHz) samples have come out.
   */
  process(samples: Int16Array): Int16Array;
  /** Forgets the stream (after barge-in): the next call behaves like a fresh resampler's. */
  reset(): void;
}

/** A resampler that also tells its latency, for aligning its output with its input. */
export interface ResamplerWithDelay extends Resampler {
  /** Output lags input by this many output samples (may be fractional; 0 when passing through). */
  readonly delaySamples: number;
}

/** Filter design relative to the Nyquist frequency of the lower of the two rates. */
export interface ResamplerDesign {
  /** Flat up to here: 0.76 keeps 6.08 kHz of a 16 kHz stream within ~0.0003 dB. */
  passbandFraction: number;
  /** Attenuated from here on; 1 means nothing above the lower Nyquist frequency aliases or images. */
  stopbandFraction: number;
  stopbandAttenuationDb: number;
}

export const DEFAULT_RESAMPLER_DESIGN: Readonly<ResamplerDesign> = {
  passbandFraction: 0.76,
  stopbandFraction: 1,
  stopbandAttenuationDb: 90,
};

const MAX_RATE_HZ = 384_000;
/** Bounds the coefficient table for awkward ratios (e.g. 44.1k -> 16k is 160/441). */
const MAX_COEFFICIENTS = 1 << 20;
/** Input is processed in blocks of this many samples so the work buffer stays bounded. */
const BLOCK_SAMPLES = 4096;

/**
 * Creates a streaming resampler from `fromHz` to `toHz` (positive integer rates). Equal rates pass the
 * samples through untouched (the same array comes back). Otherwise a polyphase windowed-sinc (Kaiser)
 * FIR over the reduced ratio up/down: linear phase, no aliasing above the stopband, saturating output.
 */
export function createResampler(
  fromHz: number,
  toHz: number,
  design: Partial<ResamplerDesign> = {},
): ResamplerWithDelay {
  for (const [name, rate] of [
    ["fromHz", fromHz],
    ["toHz", toHz],
  ] as const) {
    if (!Number.isInteger(rate) || rate <= 0 || rate > MAX_RATE_HZ) {
      throw new RangeError(
        `createResampler: ${name} must be an integer rate in 1..${MAX_RATE_HZ} Hz, got ${rate}`,
      );
    }
  }
  if (fromHz === toHz) return new PassthroughResampler(fromHz);
  return new PolyphaseResampler(fromHz, toHz, { ...DEFAULT_RESAMPLER_DESIGN, ...design });
}

class PassthroughResampler implements ResamplerWithDelay {
  readonly delaySamples = 0;
  constructor(readonly fromHz: number) {}
  get toHz(): number {
    return this.fromHz;
  }
  process(samples: Int16Array): Int16Array {
    return samples;
  }
  reset(): void {}
}

/**
 * Conceptually: insert up-1 zeros between input samples, low-pass at the higher rate, keep every
 * down-th sample. Only the products that survive are computed: output k sits at high-rate position
 * k*down, which falls between input samples i = floor(k*down/up) and i+1 at phase k*down mod up, and
 * is the dot product of that phase's taps with the last `tapsPerPhase` inputs.
 */
class PolyphaseResampler implements ResamplerWithDelay {
  readonly delaySamples: number;
  private readonly up: number;
  private readonly down: number;
  private readonly tapsPerPhase: number;
  /** Phase-major, each phase's taps reversed and scaled by `up`, so the dot product walks forwards. */
  private readonly coefficients: Float64Array;
  /** The last tapsPerPhase-1 inputs (history), followed by the block being processed. */
  private readonly work: Float64Array;
  /** High-rate position of the next output, counted from the first sample of the next block. */
  private position = 0;

  constructor(
    readonly fromHz: number,
    readonly toHz: number,
    design: ResamplerDesign,
  ) {
    const divisor = gcd(fromHz, toHz);
    this.up = toHz / divisor;
    this.down = fromHz / divisor;
    const highRateHz = fromHz * this.up;
    const nyquistHz = Math.min(fromHz, toHz) / 2;
    const prototype = designKaiserLowpass(
      {
        passbandEdge: (design.passbandFraction * nyquistHz) / highRateHz,
        stopbandEdge: (Math.min(design.stopbandFraction, 2) * nyquistHz) / highRateHz,
        stopbandAttenuationDb: design.stopbandAttenuationDb,
      },
      this.up,
    );
    if (prototype.length > MAX_COEFFICIENTS) {
      throw new RangeError(`createResampler: ${fromHz} -> ${toHz} Hz needs too long a filter`);
    }
    this.tapsPerPhase = prototype.length / this.up;
    this.coefficients = polyphaseTable(prototype, this.up, this.tapsPerPhase);
    this.work = new Float64Array(this.tapsPerPhase - 1 + BLOCK_SAMPLES);
    this.delaySamples = (prototype.length - 1) / 2 / this.down;
  }

  process(samples: Int16Array): Int16Array {
    const { up, down, tapsPerPhase, coefficients, work } = this;
    const history = tapsPerPhase - 1;
    const outputCount = Math.max(0, Math.ceil((samples.length * up - this.position) / down));
    const output = new Int16Array(outputCount);
    let written = 0;
    let position = this.position;
    for (let blockStart = 0; blockStart < samples.length; blockStart += BLOCK_SAMPLES) {
      const blockLength = Math.min(BLOCK_SAMPLES, samples.length - blockStart);
      for (let i = 0; i < blockLength; i++) work[history + i] = samples[blockStart + i] as number;
      const blockEnd = blockLength * up;
      while (position < blockEnd) {
        const newest = (position / up) | 0;
        let tap = (position - newest * up) * tapsPerPhase;
        const tapEnd = tap + tapsPerPhase;
        let sample = newest;
        let sum = 0;
        while (tap < tapEnd) sum += (coefficients[tap++] as number) * (work[sample++] as number);
        // Saturate rather than let the Int16Array store wrap around (a loud click).
        output[written++] = sum >= 32767 ? 32767 : sum <= -32768 ? -32768 : Math.round(sum);
        position += down;
      }
      position -= blockEnd;
      work.copyWithin(0, blockLength, blockLength + history);
    }
    this.position = position;
    return output;
  }

  reset(): void {
    this.position = 0;
    this.work.fill(0);
  }
}

function polyphaseTable(prototype: Float64Array, up: number, tapsPerPhase: number): Float64Array {
  const table = new Float64Array(prototype.length);
  for (let phase = 0; phase < up; phase++) {
    let phaseSum = 0;
    for (let m = 0; m < tapsPerPhase; m++) {
      const tap = (prototype[phase + (tapsPerPhase - 1 - m) * up] as number) * up;
      table[phase * tapsPerPhase + m] = tap;
      phaseSum += tap;
    }
    // Each branch gets exactly unity DC gain, so a constant input stays constant (no ripple at the
    // output rate from branches that differ by the filter's tolerance).
    for (let m = 0; m < tapsPerPhase; m++) {
      const index = phase * tapsPerPhase + m;
      table[index] = (table[index] as number) / phaseSum;
    }
  }
  return table;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
