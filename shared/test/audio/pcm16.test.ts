import { base64ToPcm16, bytesToPcm16, pcm16ToBase64, pcm16ToBytes } from "@acs-voice/shared";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

describe("PCM16 <-> base64 and bytes", () => {
  it("decodes little-endian samples from base64", () => {
    // 0x0001, 0xff7f (-129), 0x7fff, 0x8000 as LE bytes.
    const base64 = Buffer.from([0x01, 0x00, 0x7f, 0xff, 0xff, 0x7f, 0x00, 0x80]).toString("base64");
    expect(Array.from(base64ToPcm16(base64))).toEqual([1, -129, 32767, -32768]);
  });

  it("encodes to the same base64 a peer would produce with Buffer", () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
    const expected = Buffer.alloc(12);
    samples.forEach((s, i) => {
      expected.writeInt16LE(s, i * 2);
    });
    expect(pcm16ToBase64(samples)).toBe(expected.toString("base64"));
  });

  it("round-trips any samples through base64", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 2000 }), (values) => {
        const samples = Int16Array.from(values);
        expect(Array.from(base64ToPcm16(pcm16ToBase64(samples)))).toEqual(values);
      }),
    );
  });

  it("encodes only the viewed part of a subarray", () => {
    const whole = Int16Array.from([7, 8, 9, 10]);
    expect(Array.from(base64ToPcm16(pcm16ToBase64(whole.subarray(1, 3))))).toEqual([8, 9]);
  });

  it("drops an odd trailing byte", () => {
    expect(Array.from(base64ToPcm16(Buffer.from([0x02, 0x00, 0x05]).toString("base64")))).toEqual([2]);
    expect(base64ToPcm16("").length).toBe(0);
  });

  it("views aligned bytes without copying and copies misaligned ones", () => {
    const backing = new Uint8Array([0xaa, 0x03, 0x00, 0x04, 0x00, 0x05]);
    const aligned = bytesToPcm16(backing.subarray(2, 6));
    expect(Array.from(aligned)).toEqual([0x0400, 0x0500]);
    expect(aligned.buffer).toBe(backing.buffer);

    const misaligned = bytesToPcm16(backing.subarray(1, 5));
    expect(Array.from(misaligned)).toEqual([3, 4]);
    backing[1] = 0x09;
    expect(misaligned[0]).toBe(3);
  });

  it("exposes samples as bytes without copying", () => {
    const samples = Int16Array.from([0x0102, -2]);
    const bytes = pcm16ToBytes(samples);
    expect(Array.from(bytes)).toEqual([0x02, 0x01, 0xfe, 0xff]);
    samples[0] = 0;
    expect(bytes[0]).toBe(0);
  });
});
