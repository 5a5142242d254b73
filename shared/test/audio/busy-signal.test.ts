import { BUSY_SIGNAL_HZ, renderBusySignal } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";

describe("renderBusySignal", () => {
  it.each([16_000, 24_000])(
    "is the 425 Hz busy tone, 0.5 s on and 0.5 s off, three times, at %i Hz",
    (rateHz) => {
      const samples = renderBusySignal(rateHz);
      const half = rateHz / 2;
      expect(samples.length).toBe(5 * half);
      const level = (from: number) => {
        let energy = 0;
        for (let i = from; i < from + half; i++) energy += (samples[i] ?? 0) ** 2;
        return Math.sqrt(energy / half);
      };
      // On, off, on, off, on: the last pause is the hang-up.
      expect([0, 1, 2, 3, 4].map((n) => level(n * half) > 1_000)).toEqual([true, false, true, false, true]);
      let crossings = 0;
      for (let i = 2 * half + 1; i < 3 * half; i++) {
        if ((samples[i] ?? 0) >= 0 !== (samples[i - 1] ?? 0) >= 0) crossings++;
      }
      expect(crossings / 2 / 0.5).toBeCloseTo(BUSY_SIGNAL_HZ, -1);
    },
  );
});
