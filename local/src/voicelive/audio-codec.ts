// The session's audio on the wire: base64 of PCM16 little-endian. The service also takes G.711
// (`g711_ulaw`, `g711_alaw`), and session.update accepts those formats as it does, but their audio is
// not emulated: the media worker only ever asks for PCM16, so a G.711 session's audio is refused with
// an error instead of being misread.

export function isEmulatedAudioFormat(format: unknown): boolean {
  return !String(format).startsWith("g711");
}

export function decodeInputAudio(base64: string): Int16Array {
  const bytes = Buffer.from(base64, "base64");
  const samples = new Int16Array(bytes.length >> 1);
  for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2);
  return samples;
}

export function encodeOutputAudio(samples: Int16Array): string {
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString("base64");
}
