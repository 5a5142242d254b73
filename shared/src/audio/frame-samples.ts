/** Samples in one frame of `frameMs` at `sampleRateHz` (ACS and Voice Live both speak in 20 ms frames). */
export function frameSamples(sampleRateHz: number, frameMs = 20): number {
  const samples = (sampleRateHz * frameMs) / 1000;
  if (!Number.isInteger(samples) || samples <= 0) {
    throw new RangeError(
      `frameSamples: ${frameMs} ms at ${sampleRateHz} Hz is not a whole, positive number of samples`,
    );
  }
  return samples;
}
