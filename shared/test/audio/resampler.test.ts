import { createResampler, fitSine, levelDbfs, type Resampler, sineSnrDb, sineWave } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";

const MINUS_3_DBFS = 32767 * 10 ** (-3 / 20);
const PAIRS = [
  [16000, 24000],
  [24000, 16000],
  [8000, 16000],
  [16000, 8000],
  [8000, 24000],
  [24000, 8000],
  [16000, 48000],
  [48000, 16000],
  [24000, 48000],
  [48000, 24000],
  [8000, 48000],
  [48000, 8000],
] as const;

function processInChunks(resampler: Resampler, input: Int16Array, chunkSizes: (index: number) => number) {
  const pieces: Int16Array[] = [];
  let offset = 0;
  for (let index = 0; offset < input.length; index++) {
    const size = chunkSizes(index);
    pieces.push(resampler.process(input.subarray(offset, offset + size)));
    offset += size;
  }
  return concat(pieces);
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

/** Deterministic "odd" chunk sizes: 1..997 samples, never a multiple of a frame. */
function oddSizes(seed: number): (index: number) => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return 1 + (state % 997);
  };
}

describe("createResampler", () => {
  it("passes samples through untouched when the rates are equal", () => {
    const resampler = createResampler(24000, 24000);
    const input = Int16Array.from([1, -2, 3]);
    expect(resampler.process(input)).toBe(input);
    expect(resampler.delaySamples).toBe(0);
    expect(resampler.toHz).toBe(24000);
  });

  it.each([
    [0, 16000],
    [16000, -8000],
    [16000.5, 24000],
    [Number.NaN, 16000],
    [16000, 10_000_000],
  ])("rejects %s -> %s Hz with a RangeError", (from, to) => {
    expect(() => createResampler(from, to)).toThrow(RangeError);
  });

  it("returns nothing for an empty chunk and keeps its state", () => {
    const input = sineWave({ frequencyHz: 440, sampleRateHz: 16000, amplitude: 10000 }, 640);
    const a = createResampler(16000, 24000);
    const b = createResampler(16000, 24000);
    const withEmpty = concat([
      a.process(input.subarray(0, 320)),
      a.process(new Int16Array(0)),
      a.process(input.subarray(320)),
    ]);
    expect(withEmpty).toEqual(b.process(input));
  });
});

describe.each(PAIRS)("resampling %i -> %i Hz", (fromHz, toHz) => {
  const frame = fromHz / 50;
  const input = sineWave({ frequencyHz: 1000, sampleRateHz: fromHz, amplitude: MINUS_3_DBFS }, fromHz);
  const ideal = { frequencyHz: 1000, sampleRateHz: toHz, amplitude: MINUS_3_DBFS };

  it("streams a -3 dBFS 1 kHz sine in 20 ms frames at >= 85 dB SNR, identical to one-shot", () => {
    const chunked = createResampler(fromHz, toHz);
    const output = processInChunks(chunked, input, () => frame);
    const oneShot = createResampler(fromHz, toHz).process(input);
    expect(output).toEqual(oneShot);

    // Skip the start-up transient: the filter spans twice its delay.
    const settled = Math.ceil(2 * chunked.delaySamples) + 2;
    const reference = { ...ideal, delaySamples: chunked.delaySamples };
    expect(sineSnrDb(output, reference, settled)).toBeGreaterThanOrEqual(85);

    // No click anywhere, chunk boundaries included: every sample within 3 LSB of the ideal sine.
    const expected = sineWave(reference, output.length);
    let worst = 0;
    for (let n = settled; n < output.length; n++) {
      worst = Math.max(worst, Math.abs((output[n] as number) - (expected[n] as number)));
    }
    expect(worst).toBeLessThanOrEqual(3);
  });

  it("gives the same output for odd-sized chunks", () => {
    const output = processInChunks(createResampler(fromHz, toHz), input, oddSizes(fromHz + toHz));
    expect(output).toEqual(createResampler(fromHz, toHz).process(input));
  });

  it("never drifts: after every chunk, output length is ceil(input x ratio)", () => {
    const resampler = createResampler(fromHz, toHz);
    const nextSize = oddSizes(7);
    const chunk = new Int16Array(997);
    let inputTotal = 0;
    let outputTotal = 0;
    for (let i = 0; i < 600; i++) {
      const size = nextSize(i);
      outputTotal += resampler.process(chunk.subarray(0, size)).length;
      inputTotal += size;
      const exact = (inputTotal * toHz) / fromHz;
      expect(outputTotal - exact).toBeGreaterThanOrEqual(0);
      expect(outputTotal - exact).toBeLessThan(1);
    }
  });

  it("keeps 1 kHz to 0.75 x the lower Nyquist frequency within 0.1 dB", () => {
    const edgeHz = (Math.min(fromHz, toHz) / 2) * 0.75;
    for (const frequencyHz of [1000, edgeHz / 2, edgeHz]) {
      const tone = sineWave({ frequencyHz, sampleRateHz: fromHz, amplitude: MINUS_3_DBFS }, fromHz);
      const resampler = createResampler(fromHz, toHz);
      const output = resampler.process(tone);
      const fit = fitSine(output, frequencyHz, toHz, Math.ceil(2 * resampler.delaySamples) + 2);
      expect(Math.abs(20 * Math.log10(fit.amplitude / MINUS_3_DBFS))).toBeLessThanOrEqual(0.1);
    }
  });

  it("saturates on overload instead of wrapping around", () => {
    // A full-scale square wave overshoots after band-limiting (Gibbs); the same wave at half scale
    // does not clip, so doubling its output shows what the full-scale output must be once clipped.
    const square = (amplitude: number) =>
      Int16Array.from({ length: fromHz / 2 }, (_, n) =>
        Math.floor((n * 400) / fromHz) % 2 === 0 ? amplitude : -amplitude,
      );
    const full = createResampler(fromHz, toHz).process(square(32767));
    const half = createResampler(fromHz, toHz).process(square(16384));
    let clipped = 0;
    for (let n = 0; n < full.length; n++) {
      const unclipped = 2 * (half[n] as number);
      if (unclipped > 32767 || unclipped < -32768) clipped++;
      const expected = Math.max(-32768, Math.min(32767, unclipped));
      expect(Math.abs((full[n] as number) - expected)).toBeLessThanOrEqual(4);
    }
    expect(clipped).toBeGreaterThan(0);
    expect(Math.max(...full)).toBe(32767);
    expect(Math.min(...full)).toBe(-32768);
  });

  it("reset() forgets the stream: the next output equals a fresh resampler's", () => {
    const used = createResampler(fromHz, toHz);
    used.process(input.subarray(0, frame * 3 + 7));
    const next = input.subarray(frame * 5, frame * 9);
    const fresh = createResampler(fromHz, toHz).process(next);
    const withoutReset = createResampler(fromHz, toHz);
    withoutReset.process(input.subarray(0, frame * 3 + 7));
    expect(withoutReset.process(next)).not.toEqual(fresh);
    used.reset();
    expect(used.process(next)).toEqual(fresh);
  });
});

describe.each(PAIRS.filter(([from, to]) => to < from))("anti-aliasing %i -> %i Hz", (fromHz, toHz) => {
  it("takes a tone at 1.25 x the output Nyquist frequency to <= -80 dBFS", () => {
    const frequencyHz = (toHz / 2) * 1.25; // 10 kHz for 24k -> 16k, which would alias to 6 kHz
    const tone = sineWave({ frequencyHz, sampleRateHz: fromHz, amplitude: 32767 }, fromHz);
    const resampler = createResampler(fromHz, toHz);
    const output = processInChunks(resampler, tone, () => fromHz / 50);
    expect(levelDbfs(output, Math.ceil(2 * resampler.delaySamples) + 2)).toBeLessThanOrEqual(-80);
  });
});

describe.each(PAIRS.filter(([from, to]) => to > from))("anti-imaging %i -> %i Hz", (fromHz, toHz) => {
  it("leaves no image of a tone at 0.75 x the input Nyquist frequency above -80 dBFS", () => {
    const frequencyHz = (fromHz / 2) * 0.75;
    const tone = sineWave({ frequencyHz, sampleRateHz: fromHz, amplitude: 32767 }, fromHz * 2);
    const resampler = createResampler(fromHz, toHz);
    const output = resampler.process(tone);
    const settled = Math.ceil(2 * resampler.delaySamples) + 2;
    // Over exactly one second every whole-Hz tone has whole periods, so the fits do not leak into each other.
    const fit = (hz: number) => fitSine(output, hz, toHz, settled, settled + toHz);
    for (let image = 1; image * fromHz - frequencyHz < toHz / 2; image++) {
      for (const imageHz of [image * fromHz - frequencyHz, image * fromHz + frequencyHz]) {
        if (imageHz >= toHz / 2) continue;
        expect(fit(imageHz).levelDbfs).toBeLessThanOrEqual(-80);
      }
    }
    expect(fit(frequencyHz).levelDbfs).toBeGreaterThan(-0.2);
  });
});

describe("resamplers sharing the process's kernel", () => {
  it("keep their streams apart: interleaved frame by frame, each gives what it gives alone, even when a new filter arrives mid-stream", () => {
    const speechLike = (hz: number) =>
      sineWave({ frequencyHz: 440, sampleRateHz: hz, amplitude: 12000 }, hz / 2).map(
        (sample, n) => sample + ((n * 7919) % 2001) - 1000,
      );
    const streams = [
      [16000, 24000],
      [24000, 16000],
      [16000, 24000],
      [8000, 48000],
    ].map(([fromHz, toHz]) => ({
      fromHz: fromHz as number,
      toHz: toHz as number,
      input: speechLike(fromHz as number),
    }));
    const alone = streams.map(({ fromHz, toHz, input }) =>
      processInChunks(createResampler(fromHz, toHz), input, () => fromHz / 50),
    );

    const resamplers = streams.map(({ fromHz, toHz }) => createResampler(fromHz, toHz));
    const outputs: Int16Array[][] = streams.map(() => []);
    const frames = 25;
    for (let frame = 0; frame < frames; frame++) {
      // Halfway, a filter this process has not built yet (a long table: the kernel's memory grows).
      if (frame === 12) createResampler(44100, 16000).process(new Int16Array(882));
      streams.forEach(({ fromHz, input }, index) => {
        const size = fromHz / 50;
        outputs[index]?.push(
          (resamplers[index] as Resampler).process(input.subarray(frame * size, (frame + 1) * size)),
        );
      });
    }
    streams.forEach((_, index) => {
      expect(concat(outputs[index] ?? [])).toEqual(alone[index]);
    });
  });
});
