import { PolyphaseResampler } from "./polyphase-resampler.js";

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
