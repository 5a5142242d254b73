import { readWav, WavFormatError, writeWav } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";

interface ChunkSpec {
  id: string;
  body: Buffer;
}

/** Builds a RIFF/WAVE file by hand (independently of writeWav), padding odd chunks as RIFF requires. */
function riff(chunks: ChunkSpec[], riffType = "WAVE"): Uint8Array {
  const parts = chunks.map(({ id, body }) => {
    const header = Buffer.alloc(8);
    header.write(id, 0, "latin1");
    header.writeUInt32LE(body.length, 4);
    return Buffer.concat([header, body, Buffer.alloc(body.length % 2)]);
  });
  const payload = Buffer.concat([Buffer.from(riffType, "latin1"), ...parts]);
  const head = Buffer.alloc(8);
  head.write("RIFF", 0, "latin1");
  head.writeUInt32LE(payload.length, 4);
  return new Uint8Array(Buffer.concat([head, payload]));
}

function fmt(options: {
  tag?: number;
  channels?: number;
  rate?: number;
  bits?: number;
  extensible?: number;
}) {
  const { tag = 1, channels = 1, rate = 16000, bits = 16, extensible } = options;
  const body = Buffer.alloc(extensible === undefined ? 16 : 40);
  const blockAlign = (channels * bits) / 8;
  body.writeUInt16LE(extensible === undefined ? tag : 0xfffe, 0);
  body.writeUInt16LE(channels, 2);
  body.writeUInt32LE(rate, 4);
  body.writeUInt32LE(rate * blockAlign, 8);
  body.writeUInt16LE(blockAlign, 12);
  body.writeUInt16LE(bits, 14);
  if (extensible !== undefined) {
    body.writeUInt16LE(22, 16);
    body.writeUInt16LE(bits, 18);
    body.writeUInt16LE(extensible, 24); // sub-format GUID starts with the format tag
  }
  return { id: "fmt ", body };
}

function data(samples: number[]) {
  const body = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => {
    body.writeInt16LE(s, i * 2);
  });
  return { id: "data", body };
}

describe("readWav", () => {
  it("reads mono 16-bit PCM", () => {
    const wav = readWav(riff([fmt({ rate: 24000 }), data([0, 1, -1, 32767, -32768])]));
    expect(wav.sampleRateHz).toBe(24000);
    expect(wav.channels).toBe(1);
    expect(Array.from(wav.samples)).toEqual([0, 1, -1, 32767, -32768]);
  });

  it("reads stereo interleaved", () => {
    const wav = readWav(riff([fmt({ channels: 2, rate: 48000 }), data([1, -1, 2, -2])]));
    expect(wav.channels).toBe(2);
    expect(Array.from(wav.samples)).toEqual([1, -1, 2, -2]);
  });

  it("skips LIST and other chunks, including odd-sized ones with their pad byte", () => {
    const list = { id: "LIST", body: Buffer.from("INFOISFT\x05\x00\x00\x00sox!\x00", "latin1") };
    const odd = { id: "junk", body: Buffer.from([1, 2, 3]) };
    const wav = readWav(riff([list, fmt({}), odd, { id: "fact", body: Buffer.alloc(4) }, data([5, 6])]));
    expect(Array.from(wav.samples)).toEqual([5, 6]);
  });

  it("reads WAVE_FORMAT_EXTENSIBLE with a PCM sub-format", () => {
    const wav = readWav(riff([fmt({ extensible: 1, channels: 2 }), data([3, 4])]));
    expect(wav.channels).toBe(2);
    expect(Array.from(wav.samples)).toEqual([3, 4]);
  });

  it("reads a data chunk whose declared size runs past the end (streamed recording)", () => {
    const file = riff([fmt({}), data([9, 8, 7])]);
    const view = new DataView(file.buffer);
    view.setUint32(40, 0xffffffff, true);
    expect(Array.from(readWav(file).samples)).toEqual([9, 8, 7]);
    // A truncated stereo file keeps whole frames only.
    const stereo = riff([fmt({ channels: 2 }), data([1, 2, 3])]);
    expect(Array.from(readWav(stereo).samples)).toEqual([1, 2]);
  });

  it("reads from a view at an odd offset inside a larger buffer", () => {
    const file = riff([fmt({}), data([100, -100])]);
    const backing = new Uint8Array(file.length + 1);
    backing.set(file, 1);
    expect(Array.from(readWav(backing.subarray(1)).samples)).toEqual([100, -100]);
  });

  it.each([
    ["not RIFF", new Uint8Array(Buffer.from("ID3\x04 this is an mp3 really", "latin1")), /no RIFF header/],
    ["too short", new Uint8Array([0x52, 0x49]), /no RIFF header/],
    ["RF64", new Uint8Array(Buffer.from("RF64\xff\xff\xff\xffWAVE", "latin1")), /RF64 is not supported/],
    ["AVI", riff([], "AVI "), /RIFF type is not WAVE/],
    ["8-bit", riff([fmt({ bits: 8 }), data([])]), /8-bit PCM; only 16-bit/],
    ["24-bit", riff([fmt({ bits: 24 }), data([])]), /24-bit PCM/],
    ["float", riff([fmt({ tag: 3, bits: 32 }), data([])]), /IEEE float/],
    ["mu-law", riff([fmt({ tag: 7, bits: 8 }), data([])]), /mu-law/],
    ["extensible float", riff([fmt({ extensible: 3, bits: 32 }), data([])]), /IEEE float/],
    ["5.1", riff([fmt({ channels: 6 }), data([])]), /channel count: 6/],
    ["no fmt", riff([data([1])]), /data chunk before fmt/],
    ["no data", riff([fmt({})]), /missing data chunk/],
    ["empty", riff([]), /missing fmt chunk/],
    ["truncated fmt", riff([{ id: "fmt ", body: Buffer.alloc(8) }]), /truncated fmt/],
  ])("rejects %s with a WavFormatError that says why", (_name, file, message) => {
    let caught: unknown;
    try {
      readWav(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WavFormatError);
    expect((caught as Error).message).toMatch(message);
  });
});

describe("writeWav", () => {
  it("writes the canonical 44-byte header a hand-built file has", () => {
    const samples = Int16Array.from([1, -2, 3, -4]);
    const written = writeWav({ sampleRateHz: 16000, channels: 2, samples });
    expect(Buffer.from(written)).toEqual(Buffer.from(riff([fmt({ channels: 2 }), data([1, -2, 3, -4])])));
  });

  it("round-trips through readWav", () => {
    const samples = Int16Array.from({ length: 1001 }, (_, i) => ((i * 97) % 65536) - 32768);
    const wav = readWav(writeWav({ sampleRateHz: 8000, channels: 1, samples }));
    expect(wav).toEqual({ sampleRateHz: 8000, channels: 1, samples });
  });

  it("rejects audio it cannot describe", () => {
    expect(() => writeWav({ sampleRateHz: 16000, channels: 2, samples: new Int16Array(3) })).toThrow(
      /do not split into 2 channels/,
    );
    expect(() => writeWav({ sampleRateHz: 0, channels: 1, samples: new Int16Array(0) })).toThrow(RangeError);
  });
});
