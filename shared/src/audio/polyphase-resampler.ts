import { designKaiserLowpass } from "./kaiser-lowpass.js";
import { BLOCK_SAMPLES, type KernelStream, polyphaseKernel } from "./polyphase-kernel.js";
import type { ResamplerDesign, ResamplerWithDelay } from "./resampler.js";

/** Bounds the coefficient table for awkward ratios (e.g. 44.1k -> 16k is 160/441). */
const MAX_COEFFICIENTS = 1 << 20;
/** The kernel consumes taps 8 at a time (two 4-lane SIMD accumulators). */
const TAP_MULTIPLE = 8;

/**
 * Rational-ratio resampler: conceptually, insert up-1 zeros between input samples, low-pass at the
 * higher rate, keep every down-th sample. Only the products that survive are computed: output k sits
 * at high-rate position k*down, between input i = floor(k*down/up) and i+1 at phase k*down mod up, and
 * is the dot product of that phase's taps with the last `taps` inputs. The dot products run in a small
 * WebAssembly SIMD kernel (polyphase-kernel.wat) that every resampler of the process shares, with each
 * filter's table stored once (polyphase-kernel.ts); a resampler holds only its history and position.
 */
export class PolyphaseResampler implements ResamplerWithDelay {
  readonly delaySamples: number;
  private readonly stream: KernelStream;

  constructor(
    readonly fromHz: number,
    readonly toHz: number,
    design: ResamplerDesign,
  ) {
    const divisor = gcd(fromHz, toHz);
    const up = toHz / divisor;
    const down = fromHz / divisor;
    const key = `${up}/${down}/${design.passbandFraction}/${design.stopbandFraction}/${design.stopbandAttenuationDb}`;
    const table = polyphaseKernel().table(key, () => {
      const prototype = designFilter(fromHz, toHz, up, design);
      const tapsPerPhase = prototype.length / up;
      const taps = Math.ceil(tapsPerPhase / TAP_MULTIPLE) * TAP_MULTIPLE;
      if (up * taps > MAX_COEFFICIENTS) {
        throw new RangeError(`createResampler: ${fromHz} -> ${toHz} Hz needs too long a filter`);
      }
      return {
        up,
        down,
        taps,
        filterLength: prototype.length,
        coefficients: polyphaseTable(prototype, up, tapsPerPhase, taps),
      };
    });
    this.delaySamples = (table.filterLength - 1) / 2 / down;
    this.stream = { table, history: new Float32Array(table.taps - 1), position: 0 };
  }

  process(samples: Int16Array): Int16Array {
    const kernel = polyphaseKernel();
    // A 20 ms frame is one block: the output array is the only allocation.
    if (samples.length <= BLOCK_SAMPLES) return kernel.process(this.stream, samples);
    const { up, down } = this.stream.table;
    const output = new Int16Array(Math.ceil((samples.length * up - this.stream.position) / down));
    let written = 0;
    for (let blockStart = 0; blockStart < samples.length; blockStart += BLOCK_SAMPLES) {
      const block = kernel.process(this.stream, samples.subarray(blockStart, blockStart + BLOCK_SAMPLES));
      output.set(block, written);
      written += block.length;
    }
    return output;
  }

  reset(): void {
    this.stream.position = 0;
    this.stream.history.fill(0);
  }
}

/** The low-pass prototype at the high rate (fromHz * up), cutting at the lower rate's Nyquist frequency. */
function designFilter(fromHz: number, toHz: number, up: number, design: ResamplerDesign): Float64Array {
  const highRateHz = fromHz * up;
  const nyquistHz = Math.min(fromHz, toHz) / 2;
  return designKaiserLowpass(
    {
      passbandEdge: (design.passbandFraction * nyquistHz) / highRateHz,
      stopbandEdge: (Math.min(design.stopbandFraction, 2) * nyquistHz) / highRateHz,
      stopbandAttenuationDb: design.stopbandAttenuationDb,
    },
    up,
  );
}

/**
 * Splits the prototype into `up` phases of `taps` coefficients, each reversed (oldest sample first),
 * zero-padded at the old end from `tapsPerPhase` to `taps`, and scaled to exactly unity DC gain, so a
 * constant input stays constant (no ripple at the output rate from branches differing by the filter's
 * tolerance).
 */
function polyphaseTable(
  prototype: Float64Array,
  up: number,
  tapsPerPhase: number,
  taps: number,
): Float32Array {
  const table = new Float32Array(up * taps);
  const padding = taps - tapsPerPhase;
  for (let phase = 0; phase < up; phase++) {
    let phaseSum = 0;
    for (let j = 0; j < tapsPerPhase; j++) phaseSum += prototype[phase + j * up] as number;
    for (let j = 0; j < tapsPerPhase; j++) {
      // Tap j multiplies the input j samples before the newest one.
      table[phase * taps + padding + (tapsPerPhase - 1 - j)] =
        (prototype[phase + j * up] as number) / phaseSum;
    }
  }
  return table;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
