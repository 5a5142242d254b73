// The audio core: pure functions over PCM16 (no sockets, timers, env or logger).
// - pcm16.ts: base64 / bytes <-> Int16Array, little-endian, zero-copy where alignment allows.
// - frame-samples.ts, pcm-chunker.ts: fixed 20 ms frames out of arbitrarily sized pieces, bounded.
// - wav.ts: 16-bit PCM WAV read/write, mono or stereo.
// - apology-tone.ts: the short tone a caller hears when the bot cannot go on (worker and functions).
// - busy-signal.ts: the busy tone a caller hears when every Voice Live endpoint is out of budget.
// - resampler.ts: createResampler(fromHz, toHz), streaming and stateful; polyphase-resampler.ts holds
//   the Kaiser FIR, polyphase-kernel.wat its WebAssembly SIMD inner loop, and polyphase-kernel.ts the
//   process's one instance of it (each filter's table once, scratch shared by every resampler).
// - signal-metrics.ts: tone generation, SNR and levels, shared by tests and benchmarks.
export { renderApologyTone } from "./apology-tone.js";
export { BUSY_SIGNAL_HZ, renderBusySignal } from "./busy-signal.js";
export { frameSamples } from "./frame-samples.js";
export { PcmChunker } from "./pcm-chunker.js";
export { base64ToPcm16, bytesToPcm16, pcm16ToBase64, pcm16ToBytes } from "./pcm16.js";
export {
  createResampler,
  DEFAULT_RESAMPLER_DESIGN,
  type Resampler,
  type ResamplerDesign,
  type ResamplerWithDelay,
} from "./resampler.js";
export { fitSine, levelDbfs, type SineFit, type SineSpec, sineSnrDb, sineWave } from "./signal-metrics.js";
export { readWav, type WavAudio, WavFormatError, writeWav } from "./wav.js";
