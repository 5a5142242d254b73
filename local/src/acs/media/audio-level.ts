/** Root mean square of PCM16 samples (0 for an empty frame): the loudness used to call a frame silent. */
export function rmsLevel(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sumOfSquares = 0;
  for (const sample of samples) sumOfSquares += sample * sample;
  return Math.sqrt(sumOfSquares / samples.length);
}
