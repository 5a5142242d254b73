// The package ships no types; this covers the Emscripten exports the benchmark uses.
declare module "@echogarden/speex-resampler-wasm/simd" {
  export interface SpeexResamplerModule {
    HEAP16: Int16Array;
    HEAPU32: Uint32Array;
    _malloc(bytes: number): number;
    _free(pointer: number): void;
    _speex_resampler_init(
      channels: number,
      inRateHz: number,
      outRateHz: number,
      quality: number,
      errorPointer: number,
    ): number;
    _speex_resampler_process_int(
      state: number,
      channelIndex: number,
      inPointer: number,
      inLengthPointer: number,
      outPointer: number,
      outLengthPointer: number,
    ): number;
    _speex_resampler_reset_mem(state: number): number;
    _speex_resampler_destroy(state: number): void;
  }
  const createModule: (moduleArg?: object) => Promise<SpeexResamplerModule>;
  export default createModule;
}
