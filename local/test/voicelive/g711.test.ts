import { describe, expect, it } from "vitest";
import { decodeALaw, decodeMuLaw, encodeALaw, encodeMuLaw } from "../../src/voicelive/g711.js";

function tone(n: number, amplitude: number): Int16Array {
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * 440 * i) / 8000));
  return out;
}

function snrDb(reference: Int16Array, decoded: Int16Array): number {
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i] ?? 0;
    signal += r * r;
    noise += (r - (decoded[i] ?? 0)) ** 2;
  }
  return 10 * Math.log10(signal / Math.max(1, noise));
}

describe("G.711", () => {
  it("µ-law and A-law round trips keep speech-band audio at > 30 dB SNR", () => {
    for (const amplitude of [500, 4000, 30000]) {
      const input = tone(8000, amplitude);
      expect(snrDb(input, decodeMuLaw(encodeMuLaw(input)))).toBeGreaterThan(30);
      expect(snrDb(input, decodeALaw(encodeALaw(input)))).toBeGreaterThan(30);
    }
  });

  it("matches the standard's reference points", () => {
    expect(encodeMuLaw(new Int16Array([0]))[0]).toBe(0xff);
    expect(decodeMuLaw(new Uint8Array([0xff]))[0]).toBe(0);
    expect(decodeMuLaw(new Uint8Array([0x00]))[0]).toBe(-32124);
    expect(decodeMuLaw(new Uint8Array([0x80]))[0]).toBe(32124);
    expect(encodeALaw(new Int16Array([0]))[0]).toBe(0xd5);
    expect(decodeALaw(new Uint8Array([0xd5]))[0]).toBe(8);
    expect(decodeALaw(new Uint8Array([0xaa]))[0]).toBe(32256);
  });
});
