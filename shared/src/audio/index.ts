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
