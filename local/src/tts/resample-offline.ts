// One-shot resampling of a finished utterance (not a stream): the synthesiser renders at its own
// rate and callers ask for 8, 16 or 24 kHz. Windowed-sinc interpolation keeps the speech clean
// enough for VAD and for listening; it is not on any real-time path.

const HALF_TAPS = 16;

export function resampleOffline(samples: Int16Array, fromHz: number, toHz: number): Int16Array {
  if (fromHz === toHz) return samples.slice();
  const ratio = toHz / fromHz;
  const outLength = Math.floor(samples.length * ratio);
  const out = new Int16Array(outLength);
  // Low-pass at the lower of the two Nyquist frequencies to avoid aliasing when downsampling.
  const cutoff = Math.min(1, ratio);
  for (let i = 0; i < outLength; i++) {
    const center = i / ratio;
    const first = Math.floor(center) - HALF_TAPS + 1;
    let acc = 0;
    for (let j = first; j < first + 2 * HALF_TAPS; j++) {
      if (j < 0 || j >= samples.length) continue;
      const x = center - j;
      acc += (samples[j] ?? 0) * cutoff * sinc(cutoff * x) * hann(x / HALF_TAPS);
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
