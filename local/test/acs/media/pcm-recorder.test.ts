import { describe, expect, it } from "vitest";
import { PcmRecorder } from "../../../src/acs/media/pcm-recorder.js";

describe("PcmRecorder", () => {
  it("keeps frames in order up to its bound and counts the rest", () => {
    const recorder = new PcmRecorder(5);
    recorder.append(Int16Array.from([1, 2]));
    recorder.append(Int16Array.from([3, 4]));
    recorder.append(Int16Array.from([5, 6]));
    recorder.append(Int16Array.from([7]));
    expect([...recorder.toInt16Array()]).toEqual([1, 2, 3, 4, 5]);
    expect(recorder.droppedSamples).toBe(2);
  });
});
