import { Buffer } from "node:buffer";
import { POLYPHASE_KERNEL_WASM_BASE64 } from "./polyphase-kernel-wasm.js";

// The process's one instance of the resampling kernel (polyphase-kernel.wat) and its memory: each
// distinct coefficient table once, then a scratch area that every resampler borrows for one block at a
// time. A resampler keeps only its filter history and position; an instance and memory of its own per
// resampler cost about 15 KB resident each, two per call, for tables that are the same in every call.
//
// Memory layout, in bytes:  [table 1][table 2]…  then scratch: work (f32 history + block), input
// (int16 block), output (int16, room for every output of a block). A new table moves the scratch past it.

/** Input is processed in blocks of at most this many samples (a 20 ms frame at 48 kHz is one block). */
export const BLOCK_SAMPLES = 4096;
/** Distinct filters a process may create; a phone bot uses two (one per direction). */
const MAX_TABLES = 64;
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

/** A filter for the ratio up/down: `up` phases of `taps` f32 (a multiple of 8), phase after phase. */
export interface KernelFilter {
  readonly up: number;
  readonly down: number;
  readonly taps: number;
  /** The prototype's length before it was split and padded (its delay is half of it). */
  readonly filterLength: number;
}

/** A filter stored in the kernel's memory at `offset`. */
export interface KernelTable extends KernelFilter {
  readonly offset: number;
}

/** One stream's state between blocks. */
export interface KernelStream {
  readonly table: KernelTable;
  /** The last taps - 1 input samples, as f32, oldest first. */
  readonly history: Float32Array;
  /** High-rate position of the next output, counted from the first sample of the next block. */
  position: number;
}

class PolyphaseKernel {
  private readonly memory: WasmMemory;
  private readonly resampleBlock: ResampleBlock;
  private readonly tables = new Map<string, KernelTable>();
  private tablesEnd = 0;
  private maxHistory = 0;
  private maxBlockOutputs = 0;
  private workOffset = 0;
  private inputOffset = 0;
  private outputOffset = 0;
  private work = new Float32Array(0);
  private input = new Int16Array(0);
  private output = new Int16Array(0);

  constructor() {
    const module = new wasm.Module(Buffer.from(POLYPHASE_KERNEL_WASM_BASE64, "base64"));
    const instance = new wasm.Instance(module, {});
    this.memory = instance.exports.memory as WasmMemory;
    this.resampleBlock = instance.exports.resampleBlock as ResampleBlock;
  }

  /** The table stored under `key`, built and stored by `build` the first time. */
  table(key: string, build: () => KernelFilter & { coefficients: Float32Array }): KernelTable {
    const known = this.tables.get(key);
    if (known) return known;
    if (this.tables.size >= MAX_TABLES) {
      throw new RangeError(
        `createResampler: more than ${MAX_TABLES} distinct rate pairs or designs in one process`,
      );
    }
    const { coefficients, ...filter } = build();
    const { up, down, taps } = filter;
    const table: KernelTable = { ...filter, offset: this.tablesEnd };
    this.tablesEnd = align16(this.tablesEnd + coefficients.byteLength);
    this.maxHistory = Math.max(this.maxHistory, taps - 1);
    this.maxBlockOutputs = Math.max(this.maxBlockOutputs, Math.ceil((BLOCK_SAMPLES * up) / down) + 1);
    this.layOut();
    new Float32Array(this.memory.buffer, table.offset, coefficients.length).set(coefficients);
    this.tables.set(key, table);
    return table;
  }

  /** Resamples `samples` (at most BLOCK_SAMPLES) as the next block of `stream`; the output is a new array. */
  process(stream: KernelStream, samples: Int16Array): Int16Array {
    const { table, history } = stream;
    const produced = Math.max(0, Math.ceil((samples.length * table.up - stream.position) / table.down));
    this.work.set(history);
    this.input.set(samples);
    stream.position = this.resampleBlock(
      table.offset,
      table.taps,
      table.up,
      table.down,
      this.workOffset,
      history.length,
      this.inputOffset,
      samples.length,
      this.outputOffset,
      stream.position,
    );
    // The kernel moved the block's last samples to the start of work: they are the next history.
    const work = this.work;
    for (let i = 0; i < history.length; i++) history[i] = work[i] as number;
    return this.output.slice(0, produced);
  }

  /** Places the scratch after the tables, sized for every table so far, growing the memory if needed. */
  private layOut(): void {
    this.workOffset = this.tablesEnd;
    this.inputOffset = align16(this.workOffset + (this.maxHistory + BLOCK_SAMPLES) * 4);
    this.outputOffset = align16(this.inputOffset + BLOCK_SAMPLES * 2);
    const totalBytes = this.outputOffset + this.maxBlockOutputs * 2;
    const pages = Math.ceil(totalBytes / WASM_PAGE_BYTES) - this.memory.buffer.byteLength / WASM_PAGE_BYTES;
    if (pages > 0) this.memory.grow(pages);
    // Growing detaches the old buffer: the views are made again over the current one.
    const buffer = this.memory.buffer;
    this.work = new Float32Array(buffer, this.workOffset, this.maxHistory + BLOCK_SAMPLES);
    this.input = new Int16Array(buffer, this.inputOffset, BLOCK_SAMPLES);
    this.output = new Int16Array(buffer, this.outputOffset, this.maxBlockOutputs);
  }
}

let kernel: PolyphaseKernel | undefined;

/** The process's kernel, compiled and instantiated on first use. */
export function polyphaseKernel(): PolyphaseKernel {
  kernel ??= new PolyphaseKernel();
  return kernel;
}

function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}
