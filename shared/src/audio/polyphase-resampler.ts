import { Buffer } from "node:buffer";
import { designKaiserLowpass } from "./kaiser-lowpass.js";
import { POLYPHASE_KERNEL_WASM_BASE64 } from "./polyphase-kernel-wasm.js";
import type { ResamplerDesign, ResamplerWithDelay } from "./resampler.js";

/** Bounds the coefficient table for awkward ratios (e.g. 44.1k -> 16k is 160/441). */
const MAX_COEFFICIENTS = 1 << 20;
/** Input is processed in blocks of at most this many samples, so each resampler's memory is fixed. */
const BLOCK_SAMPLES = 4096;
/** The kernel consumes taps 8 at a time (two 4-lane SIMD accumulators). */
const TAP_MULTIPLE = 8;
const WASM_PAGE_BYTES = 65536;

// The few WebAssembly APIs used here, typed locally: the project's `lib` has no DOM, where they are declared.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

// Compiled once (synchronously: Node allows it for any size); each resampler instantiates it with its own memory.
const kernelModule = new wasm.Module(Buffer.from(POLYPHASE_KERNEL_WASM_BASE64, "base64"));

type ResampleBlock = (
  coefficients: number,
  taps: number,
  up: number,
  down: number,
  work: number,
  history: number,
  input: number,
  count: number,
  output: number,
  position: number,
) => number;

/**
 * Rational-ratio resampler: conceptually, insert up-1 zeros between input samples, low-pass at the
 * higher rate, keep every down-th sample. Only the products that survive are computed: output k sits
 * at high-rate position k*down, between input i = floor(k*down/up) and i+1 at phase k*down mod up, and
 * is the dot product of that phase's taps with the last `taps` inputs. The dot products run in a small
 * WebAssembly SIMD kernel (polyphase-kernel.wat) over this instance's own memory.
 */
export class PolyphaseResampler implements ResamplerWithDelay {
  readonly delaySamples: number;
  private readonly up: number;
  private readonly down: number;
  private readonly taps: number;
  private readonly resampleBlock: ResampleBlock;
  private readonly memory: WasmMemory;
  private readonly workOffset: number;
  private readonly inputOffset: number;
  private readonly outputOffset: number;
  private readonly inputView: Int16Array;
  private readonly outputView: Int16Array;
  /** High-rate position of the next output, counted from the first sample of the next block. */
  private position = 0;

  constructor(
    readonly fromHz: number,
    readonly toHz: number,
    design: ResamplerDesign,
  ) {
    const divisor = gcd(fromHz, toHz);
    this.up = toHz / divisor;
    this.down = fromHz / divisor;
    const highRateHz = fromHz * this.up;
    const nyquistHz = Math.min(fromHz, toHz) / 2;
    const prototype = designKaiserLowpass(
      {
        passbandEdge: (design.passbandFraction * nyquistHz) / highRateHz,
        stopbandEdge: (Math.min(design.stopbandFraction, 2) * nyquistHz) / highRateHz,
        stopbandAttenuationDb: design.stopbandAttenuationDb,
      },
      this.up,
    );
    const tapsPerPhase = prototype.length / this.up;
    this.taps = Math.ceil(tapsPerPhase / TAP_MULTIPLE) * TAP_MULTIPLE;
    if (this.up * this.taps > MAX_COEFFICIENTS) {
      throw new RangeError(`createResampler: ${fromHz} -> ${toHz} Hz needs too long a filter`);
    }
    this.delaySamples = (prototype.length - 1) / 2 / this.down;

    const coefficientBytes = this.up * this.taps * 4;
    const history = this.taps - 1;
    this.workOffset = align16(coefficientBytes);
    this.inputOffset = align16(this.workOffset + (history + BLOCK_SAMPLES) * 4);
    this.outputOffset = align16(this.inputOffset + BLOCK_SAMPLES * 2);
    const maxBlockOutputs = Math.ceil((BLOCK_SAMPLES * this.up) / this.down) + 1;
    const totalBytes = this.outputOffset + maxBlockOutputs * 2;

    const instance = new wasm.Instance(kernelModule, {});
    this.memory = instance.exports.memory as WasmMemory;
    this.resampleBlock = instance.exports.resampleBlock as ResampleBlock;
    this.memory.grow(
      Math.max(0, Math.ceil(totalBytes / WASM_PAGE_BYTES) - this.memory.buffer.byteLength / WASM_PAGE_BYTES),
    );
    const buffer = this.memory.buffer;
    new Float32Array(buffer, 0, this.up * this.taps).set(
      polyphaseTable(prototype, this.up, tapsPerPhase, this.taps),
    );
    this.inputView = new Int16Array(buffer, this.inputOffset, BLOCK_SAMPLES);
    this.outputView = new Int16Array(buffer, this.outputOffset, maxBlockOutputs);
  }

  process(samples: Int16Array): Int16Array {
    // A 20 ms frame is one block: the output array is the only allocation.
    if (samples.length <= BLOCK_SAMPLES) {
      this.inputView.set(samples);
      return this.outputView.slice(0, this.runBlock(samples.length));
    }
    const output = new Int16Array(Math.ceil((samples.length * this.up - this.position) / this.down));
    let written = 0;
    for (let blockStart = 0; blockStart < samples.length; blockStart += BLOCK_SAMPLES) {
      const count = Math.min(BLOCK_SAMPLES, samples.length - blockStart);
      this.inputView.set(samples.subarray(blockStart, blockStart + count));
      const produced = this.runBlock(count);
      output.set(this.outputView.subarray(0, produced), written);
      written += produced;
    }
    return output;
  }

  /** Resamples the `count` samples in the input view into the output view; returns how many came out. */
  private runBlock(count: number): number {
    const produced = Math.max(0, Math.ceil((count * this.up - this.position) / this.down));
    this.position = this.resampleBlock(
      0,
      this.taps,
      this.up,
      this.down,
      this.workOffset,
      this.taps - 1,
      this.inputOffset,
      count,
      this.outputOffset,
      this.position,
    );
    return produced;
  }

  reset(): void {
    this.position = 0;
    new Float32Array(this.memory.buffer, this.workOffset, this.taps - 1).fill(0);
  }
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

function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
