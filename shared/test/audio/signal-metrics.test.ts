import { fitSine, levelDbfs, sineSnrDb, sineWave } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";

// The yardstick the resampler tests and benchmarks rely on must itself read known signals right.
describe("signal metrics", () => {
  const spec = { frequencyHz: 1000, sampleRateHz: 16000, amplitude: 16384 };

  it("reads a full-scale sine as 0 dBFS and a half-scale one as -6 dBFS", () => {
    expect(levelDbfs(sineWave({ ...spec, amplitude: 32767 }, 16000))).toBeCloseTo(0, 2);
    expect(levelDbfs(sineWave(spec, 16000))).toBeCloseTo(-6.02, 1);
    expect(levelDbfs(new Int16Array(100))).toBe(Number.NEGATIVE_INFINITY);
  });

  it("measures the SNR of a sine with a known amount of added noise", () => {
    // Deterministic uniform noise of +-100: power 100^2/3, against a sine of power 16384^2/2.
    let state = 1;
    const noisy = sineWave(spec, 16000).map((s) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return s + Math.round((state / 2147483648) * 200 - 100);
    });
    const expectedDb = 10 * Math.log10(16384 ** 2 / 2 / (100 ** 2 / 3));
    expect(sineSnrDb(noisy, spec)).toBeCloseTo(expectedDb, 0);
    expect(fitSine(noisy, 1000, 16000).snrDb).toBeCloseTo(expectedDb, 0);
  });

  it("penalises a wrong delay against the ideal sine, while the fit recovers amplitude and SNR", () => {
    const delayed = sineWave({ ...spec, delaySamples: 2.5 }, 16000);
    expect(sineSnrDb(delayed, { ...spec, delaySamples: 2.5 })).toBeGreaterThan(90);
    expect(sineSnrDb(delayed, spec)).toBeLessThan(10);
    const fit = fitSine(delayed, 1000, 16000);
    expect(fit.amplitude).toBeCloseTo(16384, 0);
    expect(fit.snrDb).toBeGreaterThan(90);
  });
});
