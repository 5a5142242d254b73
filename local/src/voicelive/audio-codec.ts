// The session's audio formats on the wire: base64 of PCM16 little-endian or G.711 bytes.

import { decodeALaw, decodeMuLaw, encodeALaw, encodeMuLaw } from "./g711.js";

export function decodeInputAudio(base64: string, format: unknown): Int16Array {
  const bytes = Buffer.from(base64, "base64");
  if (format === "g711_ulaw") return decodeMuLaw(bytes);
  if (format === "g711_alaw") return decodeALaw(bytes);
  const samples = new Int16Array(bytes.length >> 1);
  for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2);
  return samples;
}

export function encodeOutputAudio(samples: Int16Array, format: unknown): string {
  if (format === "g711_ulaw") return Buffer.from(encodeMuLaw(samples)).toString("base64");
  if (format === "g711_alaw") return Buffer.from(encodeALaw(samples)).toString("base64");
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString("base64");
}
