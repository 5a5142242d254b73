import { createResampler, DEFAULT_RESAMPLER_DESIGN } from "@acs-voice/shared";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { designKaiserLowpass } from "../../src/audio/kaiser-lowpass.js";
import { POLYPHASE_KERNEL_WASM_BASE64 } from "../../src/audio/polyphase-kernel-wasm.js";
import { compilePolyphaseKernel } from "./build-polyphase-kernel.js";

/**
 * The textbook definition, with none of the kernel's tricks: y[k] = up * sum_n h[k*down - n*up] x[n],
 * in float64 straight from the prototype filter (no phase tables, padding, blocks or SIMD).
 */
function directResample(input: Int16Array, fromHz: number, toHz: number): Float64Array {
  const divisor = gcdOf(fromHz, toHz);
  const up = toHz / divisor;
  const down = fromHz / divisor;
  const nyquistHz = Math.min(fromHz, toHz) / 2;
  const h = designKaiserLowpass(
    {
      passbandEdge: (DEFAULT_RESAMPLER_DESIGN.passbandFraction * nyquistHz) / (fromHz * up),
      stopbandEdge: (DEFAULT_RESAMPLER_DESIGN.stopbandFraction * nyquistHz) / (fromHz * up),
      stopbandAttenuationDb: DEFAULT_RESAMPLER_DESIGN.stopbandAttenuationDb,
    },
    up,
  );
  const output = new Float64Array(Math.ceil((input.length * up) / down));
  for (let k = 0; k < output.length; k++) {
    let sum = 0;
    for (let n = 0; n < input.length; n++) {
      const index = k * down - n * up;
      if (index >= 0 && index < h.length) sum += (h[index] as number) * (input[n] as number);
    }
    output[k] = up * sum;
  }
  return output;
}

function gcdOf(a: number, b: number): number {
  return b === 0 ? a : gcdOf(b, a % b);
}

describe("polyphase WebAssembly kernel", () => {
  it("is the compiled polyphase-kernel.wat (run build-polyphase-kernel.ts after editing it)", async () => {
    const compiled = await compilePolyphaseKernel();
    expect(Buffer.from(POLYPHASE_KERNEL_WASM_BASE64, "base64").equals(Buffer.from(compiled))).toBe(true);
  });

  it.each([
    [16000, 24000],
    [24000, 16000],
    [8000, 48000],
    [48000, 8000],
    [44100, 16000],
  ])("matches the direct-form definition within 2 LSB, %i -> %i Hz, any chunking", (fromHz, toHz) => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20000, max: 20000 }), { minLength: 1, maxLength: 700 }),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 8 }),
        (values, chunkSizes) => {
          const input = Int16Array.from(values);
          const expected = directResample(input, fromHz, toHz);
          const resampler = createResampler(fromHz, toHz);
          const actual: number[] = [];
          for (let offset = 0, i = 0; offset < input.length; i++) {
            const size = chunkSizes[i % chunkSizes.length] as number;
            actual.push(...resampler.process(input.subarray(offset, offset + size)));
            offset += size;
          }
          expect(actual.length).toBe(expected.length);
          for (let k = 0; k < actual.length; k++) {
            expect(Math.abs((actual[k] as number) - (expected[k] as number))).toBeLessThanOrEqual(2);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
