// Test signals: loud enough to count as speech, and recognisable sample for sample when heard back.

export function tone(
  sampleRateHz: number,
  durationMs: number,
  frequencyHz = 440,
  amplitude = 8000,
): Int16Array {
  const samples = new Int16Array(Math.round((sampleRateHz * durationMs) / 1000));
  for (let i = 0; i < samples.length; i++) {
    samples[i] = Math.round(amplitude * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRateHz));
  }
  return samples;
}

export function silence(sampleRateHz: number, durationMs: number): Int16Array {
  return new Int16Array(Math.round((sampleRateHz * durationMs) / 1000));
}

export function concat(...parts: Int16Array[]): Int16Array {
  const total = new Int16Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    total.set(part, offset);
    offset += part.length;
  }
  return total;
}

/** A loud pattern with no zero samples, so where it starts in a recording is unambiguous. */
export function marker(length: number, seed: number): Int16Array {
  const samples = new Int16Array(length);
  for (let i = 0; i < length; i++) samples[i] = 3000 + ((i * 37 + seed * 101) % 4000);
  return samples;
}

/** Index of the first sample that is not zero, or -1. */
export function firstNonZero(samples: Int16Array): number {
  return samples.findIndex((sample) => sample !== 0);
}
