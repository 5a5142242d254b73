// One-shot resampling of a finished utterance (not a stream): the synthesiser renders at its own
// rate and callers ask for 8, 16 or 24 kHz. Windowed-sinc interpolation keeps the speech clean
// enough for VAD and for listening; it is not on any real-time path. The kernel is tabulated
// (nearest of 512 steps per input sample) because evaluating sin() per tap made a minute of speech
// take seconds.

const HALF_TAPS = 16;
const STEPS_PER_SAMPLE = 512;

const kernels = new Map<number, Float32Array>();

function kernelFor(cutoff: number): Float32Array {
  let table = kernels.get(cutoff);
  if (!table) {
    table = new Float32Array(2 * HALF_TAPS * STEPS_PER_SAMPLE + 1);
    for (let k = 0; k < table.length; k++) {
      const x = k / STEPS_PER_SAMPLE - HALF_TAPS;
      table[k] = cutoff * sinc(cutoff * x) * hann(x / HALF_TAPS);
    }
    kernels.set(cutoff, table);
  }
  return table;
}

export function resampleOffline(samples: Int16Array, fromHz: number, toHz: number): Int16Array {
  if (fromHz === toHz) return samples.slice();
  const ratio = toHz / fromHz;
  const outLength = Math.floor(samples.length * ratio);
  const out = new Int16Array(outLength);
  // Low-pass at the lower of the two Nyquist frequencies to avoid aliasing when downsampling.
  const kernel = kernelFor(Math.min(1, ratio));
  for (let i = 0; i < outLength; i++) {
    const center = i / ratio;
    const first = Math.max(0, Math.floor(center) - HALF_TAPS + 1);
    const last = Math.min(samples.length - 1, Math.floor(center) + HALF_TAPS);
    let acc = 0;
    for (let j = first; j <= last; j++) {
      const k = Math.round((center - j + HALF_TAPS) * STEPS_PER_SAMPLE);
      acc += (samples[j] ?? 0) * (kernel[k] ?? 0);
    }
    out[i] = clampPcm16(acc);
  }
  return out;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

function hann(x: number): number {
  if (Math.abs(x) >= 1) return 0;
  return 0.5 + 0.5 * Math.cos(Math.PI * x);
}

export function clampPcm16(value: number): number {
  return Math.max(-32768, Math.min(32767, Math.round(value)));
}
