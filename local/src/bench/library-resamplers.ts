import type { Resampler } from "@acs-voice/shared";
import libsamplerate from "@alexanderolsen/libsamplerate-js";
import createSpeexModule, { type SpeexResamplerModule } from "@echogarden/speex-resampler-wasm/simd";

/** An npm resampler wrapped in our interface, so the benchmark and quality checks treat all alike. */
export interface LibraryResampler extends Resampler {
  dispose(): void;
}

export interface ResamplerCandidate {
  name: string;
  create(fromHz: number, toHz: number): Promise<LibraryResampler>;
}

const INT16_SCALE = 32768;

/** libsamplerate (Erik de Castro Lopo's SRC) compiled to WebAssembly; float32 in and out. */
export function libsamplerateCandidate(
  converter: "SRC_SINC_BEST_QUALITY" | "SRC_SINC_MEDIUM_QUALITY" | "SRC_SINC_FASTEST",
): ResamplerCandidate {
  return {
    name: `libsamplerate-js ${converter}`,
    async create(fromHz, toHz) {
      const src = await libsamplerate.create(1, fromHz, toHz, {
        converterType: libsamplerate.ConverterType[converter],
      });
      let input = new Float32Array(0);
      return {
        fromHz,
        toHz,
        process(samples) {
          if (input.length !== samples.length) input = new Float32Array(samples.length);
          for (let i = 0; i < samples.length; i++) input[i] = (samples[i] as number) / INT16_SCALE;
          const output = src.full(input);
          const pcm = new Int16Array(output.length);
          for (let i = 0; i < output.length; i++) {
            const value = Math.round((output[i] as number) * INT16_SCALE);
            pcm[i] = Math.max(-32768, Math.min(32767, value));
          }
          return pcm;
        },
        reset() {
          // The wrapper has no reset; re-setting the rate re-initialises the converter's state.
          src.outputSampleRate = toHz;
        },
        dispose() {
          src.destroy();
        },
      };
    },
  };
}

let speexModule: Promise<SpeexResamplerModule> | undefined;

/** The SpeexDSP resampler compiled to WebAssembly (SIMD build); int16 in and out, saturating. */
export function speexCandidate(quality: number): ResamplerCandidate {
  return {
    name: `speex-resampler-wasm q${quality}`,
    async create(fromHz, toHz) {
      speexModule ??= createSpeexModule();
      const wasm = await speexModule;
      const maxInput = 8192;
      const maxOutput = Math.ceil((maxInput * toHz) / fromHz) + 256;
      const errorPointer = wasm._malloc(4);
      const state = wasm._speex_resampler_init(1, fromHz, toHz, quality, errorPointer);
      const inPointer = wasm._malloc(maxInput * 2);
      const outPointer = wasm._malloc(maxOutput * 2);
      const lengthsPointer = wasm._malloc(8);
      if (state === 0) throw new Error(`speex_resampler_init failed for ${fromHz} -> ${toHz}`);
      return {
        fromHz,
        toHz,
        process(samples) {
          const pieces: Int16Array[] = [];
          for (let offset = 0; offset < samples.length; ) {
            const length = Math.min(maxInput, samples.length - offset);
            // Heap views are re-read on every call: they are replaced when the WASM memory grows.
            wasm.HEAP16.set(samples.subarray(offset, offset + length), inPointer >> 1);
            wasm.HEAPU32[lengthsPointer >> 2] = length;
            wasm.HEAPU32[(lengthsPointer >> 2) + 1] = maxOutput;
            wasm._speex_resampler_process_int(
              state,
              0,
              inPointer,
              lengthsPointer,
              outPointer,
              lengthsPointer + 4,
            );
            const consumed = wasm.HEAPU32[lengthsPointer >> 2] as number;
            const produced = wasm.HEAPU32[(lengthsPointer >> 2) + 1] as number;
            pieces.push(wasm.HEAP16.slice(outPointer >> 1, (outPointer >> 1) + produced));
            if (consumed === 0) throw new Error("speex resampler consumed no input");
            offset += consumed;
          }
          if (pieces.length === 1) return pieces[0] as Int16Array;
          const output = new Int16Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
          let offset = 0;
          for (const piece of pieces) {
            output.set(piece, offset);
            offset += piece.length;
          }
          return output;
        },
        reset() {
          wasm._speex_resampler_reset_mem(state);
        },
        dispose() {
          wasm._speex_resampler_destroy(state);
          for (const pointer of [errorPointer, inPointer, outPointer, lengthsPointer]) wasm._free(pointer);
        },
      };
    },
  };
}
