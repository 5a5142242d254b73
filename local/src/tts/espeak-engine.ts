// eSpeak NG compiled to WebAssembly (npm `@echogarden/espeak-ng-emscripten`, GPL-3.0; a tool of the
// local emulator only, never part of the deployed product). Loading is asynchronous (the module
// instantiates its WebAssembly), synthesis afterwards is synchronous, which is what lets
// `synthesizeSpeech` stay a plain function.

import type { ESpeakModule, ESpeakWorker } from "@echogarden/espeak-ng-emscripten";

export interface EspeakEngine {
  readonly sampleRateHz: number;
  /** Speech at the engine's own rate (22.05 kHz); pitch 0-99 (eSpeak's default is 50). */
  synthesize(text: string, pitch: number): Int16Array;
}

const VOICE = "en-us";
const WORDS_PER_MINUTE = 165;

export async function loadEspeakEngine(): Promise<EspeakEngine> {
  const imported = await import("@echogarden/espeak-ng-emscripten");
  const module: ESpeakModule = await imported.default();
  const worker: ESpeakWorker = new module.eSpeakNGWorker();
  worker.set_voice(VOICE);
  worker.set_rate(WORDS_PER_MINUTE);
  const sampleRateHz = worker.get_samplerate();
  return {
    sampleRateHz,
    synthesize(text: string, pitch: number): Int16Array {
      worker.set_pitch(pitch);
      const chunks: Int16Array[] = [];
      const callback = module.addFunction((samplesPointer, sampleCount) => {
        if (sampleCount > 0) {
          const start = samplesPointer >> 1;
          // HEAP16 is re-read each time: the wasm memory may grow (and be replaced) while synthesising.
          chunks.push(module.HEAP16.slice(start, start + sampleCount));
        }
        return 0; // 0 = continue
      }, "iiii");
      try {
        worker.synth_(sanitize(text), callback);
      } finally {
        module.removeFunction(callback);
      }
      const total = chunks.reduce((sum, c) => sum + c.length, 0);
      const out = new Int16Array(total);
      let offset = 0;
      for (const c of chunks) {
        out.set(c, offset);
        offset += c.length;
      }
      return out;
    },
  };
}

/** eSpeak reads SSML-like markup; the emulator only ever speaks plain text. */
function sanitize(text: string): string {
  return text.replace(/[<>]/g, " ");
}
