import { Buffer } from "node:buffer";

// PCM16 on the wire is little-endian. Every platform Node ships for is little-endian too, so the
// views below are zero-copy; the byte-swapping fallbacks only keep a big-endian host correct.
const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Decodes base64 little-endian PCM16. An odd trailing byte is dropped. */
export function base64ToPcm16(base64: string): Int16Array {
  return bytesToPcm16(Buffer.from(base64, "base64"));
}

/** Encodes samples as base64 little-endian PCM16. */
export function pcm16ToBase64(samples: Int16Array): string {
  const bytes = pcm16ToBytes(samples);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/**
 * Views little-endian PCM16 bytes as samples: zero-copy when the bytes start on an even offset
 * (an Int16Array needs 2-byte alignment), otherwise a copy. An odd trailing byte is dropped.
 */
export function bytesToPcm16(bytes: Uint8Array): Int16Array {
  const sampleCount = bytes.byteLength >> 1;
  if (hostIsLittleEndian && bytes.byteOffset % 2 === 0) {
    return new Int16Array(bytes.buffer, bytes.byteOffset, sampleCount);
  }
  const samples = new Int16Array(sampleCount);
  const view = new DataView(bytes.buffer, bytes.byteOffset, sampleCount * 2);
  for (let i = 0; i < sampleCount; i++) samples[i] = view.getInt16(i * 2, true);
  return samples;
}

/** The samples' bytes as little-endian PCM16: a view of the same memory, no copy. */
export function pcm16ToBytes(samples: Int16Array): Uint8Array {
  if (hostIsLittleEndian) return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  const bytes = new Uint8Array(samples.byteLength);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i] ?? 0, true);
  return bytes;
}
