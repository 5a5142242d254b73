import { PcmChunker } from "@acs-voice/shared";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const bytes = (...values: number[]) => Uint8Array.from(values);

describe("PcmChunker", () => {
  it("turns pieces of any length into whole frames and keeps the remainder", () => {
    const chunker = new PcmChunker(4);
    expect(chunker.push(bytes(1, 2, 3))).toEqual([]);
    expect(chunker.pendingBytes).toBe(3);
    expect(chunker.push(bytes(4, 5, 6, 7, 8, 9, 10))).toEqual([bytes(1, 2, 3, 4), bytes(5, 6, 7, 8)]);
    expect(chunker.pendingBytes).toBe(2);
    expect(chunker.push(bytes(11, 12))).toEqual([bytes(9, 10, 11, 12)]);
    expect(chunker.pendingBytes).toBe(0);
  });

  it("returns frames the caller may keep while it goes on pushing", () => {
    const chunker = new PcmChunker(2);
    const input = bytes(1, 2, 3);
    const [first] = chunker.push(input);
    input.fill(0);
    const [second] = chunker.push(bytes(4));
    expect(first).toEqual(bytes(1, 2));
    expect(second).toEqual(bytes(3, 4));
    expect(first?.buffer).not.toBe(input.buffer);
  });

  it("preserves the byte stream exactly, whatever the piece sizes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 30 }),
        (frameBytes, pieces) => {
          const chunker = new PcmChunker(frameBytes);
          const out: number[] = [];
          for (const piece of pieces) {
            for (const frame of chunker.push(piece)) {
              expect(frame.length).toBe(frameBytes);
              out.push(...frame);
            }
            expect(chunker.pendingBytes).toBeLessThan(frameBytes);
          }
          const total = pieces.reduce((sum, p) => sum + p.length, 0);
          const kept = chunker.pendingBytes;
          const last = chunker.flush();
          if (last) out.push(...last.subarray(0, kept));
          expect(out).toEqual(pieces.flatMap((p) => Array.from(p)));
          expect(out.length).toBe(total);
        },
      ),
    );
  });

  it("flushes the remainder zero-padded to one frame, then nothing", () => {
    const chunker = new PcmChunker(4);
    expect(chunker.flush()).toBeUndefined();
    chunker.push(bytes(7, 8, 9, 10, 11));
    expect(chunker.flush()).toEqual(bytes(11, 0, 0, 0));
    expect(chunker.pendingBytes).toBe(0);
    expect(chunker.flush()).toBeUndefined();
  });

  it("clear() drops the remainder so the next frame starts fresh", () => {
    const chunker = new PcmChunker(4);
    chunker.push(bytes(1, 2));
    chunker.clear();
    expect(chunker.pendingBytes).toBe(0);
    expect(chunker.push(bytes(5, 6, 7, 8))).toEqual([bytes(5, 6, 7, 8)]);
  });

  it("refuses a push beyond its bound and keeps its state", () => {
    const chunker = new PcmChunker(4, 8);
    chunker.push(bytes(1, 2, 3));
    expect(() => chunker.push(new Uint8Array(6))).toThrow(/exceeds the bound of 8 pending bytes/);
    expect(chunker.pendingBytes).toBe(3);
    expect(chunker.push(bytes(4))).toEqual([bytes(1, 2, 3, 4)]);
  });

  it("rejects a frame size or bound that cannot work", () => {
    expect(() => new PcmChunker(0)).toThrow(RangeError);
    expect(() => new PcmChunker(2.5)).toThrow(RangeError);
    expect(() => new PcmChunker(960, 100)).toThrow(/at least one frame/);
  });
});
