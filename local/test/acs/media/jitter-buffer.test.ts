import { describe, expect, it } from "vitest";
import { JitterBuffer } from "../../../src/acs/media/jitter-buffer.js";

const range = (from: number, count: number) => Int16Array.from({ length: count }, (_, i) => from + i);

describe("JitterBuffer", () => {
  it("plays back what was queued, in order, across the ring's wrap-around", () => {
    const buffer = new JitterBuffer(8);
    expect(buffer.push(range(1, 6))).toBe(0);
    const first = new Int16Array(4);
    expect(buffer.read(first)).toBe(4);
    expect([...first]).toEqual([1, 2, 3, 4]);
    expect(buffer.push(range(7, 5))).toBe(0);
    const rest = new Int16Array(10);
    expect(buffer.read(rest)).toBe(7);
    expect([...rest]).toEqual([5, 6, 7, 8, 9, 10, 11, 0, 0, 0]);
    expect(buffer.bufferedSamples).toBe(0);
  });

  it("never holds more than its capacity and reports what it dropped", () => {
    const buffer = new JitterBuffer(5);
    expect(buffer.push(range(1, 3))).toBe(0);
    expect(buffer.push(range(4, 4))).toBe(2);
    expect(buffer.bufferedSamples).toBe(5);
    const out = new Int16Array(5);
    buffer.read(out);
    expect([...out]).toEqual([1, 2, 3, 4, 5]);
  });

  it("clear drops everything queued (StopAudio) and keeps working afterwards", () => {
    const buffer = new JitterBuffer(6);
    buffer.push(range(1, 5));
    buffer.read(new Int16Array(2));
    expect(buffer.clear()).toBe(3);
    expect(buffer.read(new Int16Array(4))).toBe(0);
    buffer.push(range(20, 6));
    const out = new Int16Array(6);
    expect(buffer.read(out)).toBe(6);
    expect([...out]).toEqual([20, 21, 22, 23, 24, 25]);
  });

  it("rejects a capacity that is not a positive whole number", () => {
    expect(() => new JitterBuffer(0)).toThrow(RangeError);
    expect(() => new JitterBuffer(2.5)).toThrow(RangeError);
  });
});
