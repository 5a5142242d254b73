import {
  frameSamples,
  PcmChunker,
  pcm16ToBytes,
  renderApologyTone,
  renderBusySignal,
} from "@acs-voice/shared";

/** The tone cut into 20 ms frames for the pacer (the last one padded with silence). */
export function apologyToneFrames(sampleRateHz: number): Uint8Array[] {
  return framesOf(renderApologyTone(sampleRateHz), sampleRateHz);
}

/** The busy signal (all lines busy) in 20 ms frames. */
export function busySignalFrames(sampleRateHz: number): Uint8Array[] {
  return framesOf(renderBusySignal(sampleRateHz), sampleRateHz);
}

function framesOf(samples: Int16Array, sampleRateHz: number): Uint8Array[] {
  const tone = pcm16ToBytes(samples);
  const chunker = new PcmChunker(frameSamples(sampleRateHz) * 2, tone.byteLength + 2);
  const frames = chunker.push(tone);
  const tail = chunker.flush();
  if (tail) frames.push(tail);
  return frames;
}
