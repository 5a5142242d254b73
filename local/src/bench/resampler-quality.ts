import { fitSine, levelDbfs, type Resampler, sineWave } from "@acs-voice/shared";

/** The quality properties the shared resampler's unit tests demand, measured the same way for any resampler. */
export interface ResamplerQuality {
  /** -3 dBFS 1 kHz sine streamed in 20 ms frames: fitted-sine SNR over one settled second. */
  snr20msDb: number;
  /** The same in odd-sized chunks (1..997 samples). */
  snrOddChunksDb: number;
  /** Largest difference between 20 ms-chunked and one-shot output over their common length. */
  chunkedVsOneShotMaxDiff: number;
  /** Worst gain deviation from 1 kHz to 0.75 x the lower Nyquist frequency (6 kHz for 16k <-> 24k). */
  passbandDeviationDb: number;
  /** Downsampling: output level of a full-scale tone at 1.25 x the output Nyquist frequency (10 kHz at 24k -> 16k). */
  aliasLevelDbfs: number | undefined;
  /** Output samples minus input x ratio after 10 s of odd-sized chunks (negative = held back). */
  lengthErrorSamples: number;
}

const MINUS_3_DBFS = 32767 * 10 ** (-3 / 20);

export async function measureResamplerQuality(
  create: () => Promise<Resampler & { dispose?(): void }>,
  fromHz: number,
  toHz: number,
): Promise<ResamplerQuality> {
  const run = async (input: Int16Array, chunkSize: () => number) => {
    const resampler = await create();
    try {
      const pieces: Int16Array[] = [];
      for (let offset = 0; offset < input.length; ) {
        const size = chunkSize();
        pieces.push(resampler.process(input.subarray(offset, offset + size)));
        offset += size;
      }
      return concat(pieces);
    } finally {
      resampler.dispose?.();
    }
  };
  const frame = () => fromHz / 50;
  // Two seconds in; judged over the second that starts half a second in, when every filter has settled.
  const window = [Math.floor(toHz / 2), Math.floor(toHz / 2) + toHz] as const;
  const sine = sineWave({ frequencyHz: 1000, sampleRateHz: fromHz, amplitude: MINUS_3_DBFS }, fromHz * 2);

  const chunked = await run(sine, frame);
  const oddChunked = await run(sine, oddSizes(fromHz + toHz));
  const oneShot = await run(sine, () => sine.length);
  let chunkedVsOneShotMaxDiff = 0;
  for (let n = 0; n < Math.min(chunked.length, oneShot.length); n++) {
    chunkedVsOneShotMaxDiff = Math.max(
      chunkedVsOneShotMaxDiff,
      Math.abs((chunked[n] as number) - (oneShot[n] as number)),
    );
  }

  const lowerNyquistHz = Math.min(fromHz, toHz) / 2;
  let passbandDeviationDb = 0;
  for (let step = 0; step <= 5; step++) {
    const frequencyHz = Math.round(1000 + ((0.75 * lowerNyquistHz - 1000) * step) / 5);
    const tone = sineWave({ frequencyHz, sampleRateHz: fromHz, amplitude: MINUS_3_DBFS }, fromHz * 2);
    const output = await run(tone, frame);
    const fit = fitSine(output, frequencyHz, toHz, ...window);
    passbandDeviationDb = Math.max(
      passbandDeviationDb,
      Math.abs(20 * Math.log10(fit.amplitude / MINUS_3_DBFS)),
    );
  }

  let aliasLevelDbfs: number | undefined;
  if (toHz < fromHz) {
    const tone = sineWave(
      { frequencyHz: (toHz / 2) * 1.25, sampleRateHz: fromHz, amplitude: 32767 },
      fromHz * 2,
    );
    const output = await run(tone, frame);
    aliasLevelDbfs = levelDbfs(output, ...window);
  }

  const silence = new Int16Array(fromHz * 10);
  const drifted = await run(silence, oddSizes(3));
  return {
    snr20msDb: fitSine(chunked, 1000, toHz, ...window).snrDb,
    snrOddChunksDb: fitSine(oddChunked, 1000, toHz, ...window).snrDb,
    chunkedVsOneShotMaxDiff,
    passbandDeviationDb,
    aliasLevelDbfs,
    lengthErrorSamples: drifted.length - (silence.length * toHz) / fromHz,
  };
}

/** Deterministic pseudo-random chunk sizes of 1..997 samples. */
function oddSizes(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return 1 + (state % 997);
  };
}

function concat(pieces: Int16Array[]): Int16Array {
  const out = new Int16Array(pieces.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
}
