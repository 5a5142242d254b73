import { frameSamples } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";

describe("frameSamples", () => {
  it("counts 20 ms frames at the rates ACS and Voice Live use", () => {
    expect(frameSamples(8000)).toBe(160);
    expect(frameSamples(16000)).toBe(320);
    expect(frameSamples(24000)).toBe(480);
    expect(frameSamples(48000)).toBe(960);
    expect(frameSamples(24000, 10)).toBe(240);
  });

  it("rejects rates and durations that do not make whole frames", () => {
    expect(() => frameSamples(22050, 1)).toThrow(RangeError);
    expect(() => frameSamples(0)).toThrow(/not a whole, positive number/);
    expect(() => frameSamples(16000, -20)).toThrow(RangeError);
  });
});
