// Measurements for tones in PCM16: shared by the DSP tests and the benchmarks so both judge a
// resampler by the same yardstick. Levels are in dBFS where a full-scale sine is 0 dBFS (AES17).

const FULL_SCALE = 32768;

export interface SineSpec {
  frequencyHz: number;
  sampleRateHz: number;
  /** Peak amplitude in sample units (32767 is full scale). */
  amplitude: number;
  /** Shifts the sine later by this many samples (fractional allowed): sin(2πf(n - delay)/fs). */
  delaySamples?: number;
}

/** A sine tone of `length` samples, rounded to PCM16 and saturated. */
export function sineWave(spec: SineSpec, length: number): Int16Array {
  const samples = new Int16Array(length);
  for (let n = 0; n < length; n++) {
    const value = Math.round(sineValue(spec, n));
    samples[n] = Math.max(-FULL_SCALE, Math.min(FULL_SCALE - 1, value));
  }
  return samples;
}

/** Ratio in dB of the ideal sine's power to the power of `samples` minus that sine, over [from, to). */
export function sineSnrDb(samples: Int16Array, ideal: SineSpec, from = 0, to = samples.length): number {
  let signal = 0;
  let noise = 0;
  for (let n = from; n < to; n++) {
    const expected = sineValue(ideal, n);
    signal += expected * expected;
    noise += ((samples[n] as number) - expected) ** 2;
  }
  return 10 * Math.log10(signal / noise);
}

export interface SineFit {
  /** Peak amplitude of the best-fitting sine at the given frequency. */
  amplitude: number;
  /** Its level in dBFS. */
  levelDbfs: number;
  /** Power of that sine over the power of everything else, in dB. */
  snrDb: number;
}

/**
 * Least-squares fit of a sine of known frequency (any amplitude and phase) to [from, to). Used where
 * a system's delay or gain is unknown: the residual is its noise, distortion and aliasing.
 */
export function fitSine(
  samples: Int16Array,
  frequencyHz: number,
  sampleRateHz: number,
  from = 0,
  to = samples.length,
): SineFit {
  const omega = (2 * Math.PI * frequencyHz) / sampleRateHz;
  let ss = 0;
  let cc = 0;
  let sc = 0;
  let ys = 0;
  let yc = 0;
  for (let n = from; n < to; n++) {
    const s = Math.sin(omega * n);
    const c = Math.cos(omega * n);
    const y = samples[n] as number;
    ss += s * s;
    cc += c * c;
    sc += s * c;
    ys += y * s;
    yc += y * c;
  }
  const determinant = ss * cc - sc * sc;
  const a = (ys * cc - yc * sc) / determinant;
  const b = (yc * ss - ys * sc) / determinant;
  let signal = 0;
  let residual = 0;
  for (let n = from; n < to; n++) {
    const fitted = a * Math.sin(omega * n) + b * Math.cos(omega * n);
    signal += fitted * fitted;
    residual += ((samples[n] as number) - fitted) ** 2;
  }
  const amplitude = Math.hypot(a, b);
  return {
    amplitude,
    levelDbfs: 20 * Math.log10(amplitude / FULL_SCALE),
    snrDb: 10 * Math.log10(signal / residual),
  };
}

/** RMS level of [from, to) in dBFS (a full-scale sine reads 0 dBFS); -Infinity for digital silence. */
export function levelDbfs(samples: Int16Array, from = 0, to = samples.length): number {
  let power = 0;
  for (let n = from; n < to; n++) power += (samples[n] as number) ** 2;
  const rms = Math.sqrt(power / Math.max(1, to - from));
  return 20 * Math.log10((rms * Math.SQRT2) / FULL_SCALE);
}

function sineValue(spec: SineSpec, n: number): number {
  const t = (n - (spec.delaySamples ?? 0)) / spec.sampleRateHz;
  return spec.amplitude * Math.sin(2 * Math.PI * spec.frequencyHz * t);
}
