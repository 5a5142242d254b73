import { frameSamples, PcmChunker, pcm16ToBytes, renderApologyTone } from "@acs-voice/shared";

/** The tone cut into 20 ms frames for the pacer (the last one padded with silence). */
export function apologyToneFrames(sampleRateHz: number): Uint8Array[] {
  const tone = pcm16ToBytes(renderApologyTone(sampleRateHz));
  const chunker = new PcmChunker(frameSamples(sampleRateHz) * 2, tone.byteLength + 2);
  const frames = chunker.push(tone);
  const tail = chunker.flush();
  if (tail) frames.push(tail);
  return frames;
}
