import { describe, expect, it } from "vitest";
import { linearFit } from "../../src/bench/statistics.js";

describe("linearFit (the bench's memory per call and the soak's RSS slope)", () => {
  it("recovers the line through points that lie on it", () => {
    const points = [25, 100, 200, 300].map((x) => ({ x, y: 12_000_000 + 90_000 * x }));
    const { slope, intercept } = linearFit(points);
    expect(slope).toBeCloseTo(90_000, 6);
    expect(intercept).toBeCloseTo(12_000_000, 3);
  });

  it("splits scattered points evenly about the line (residuals sum to zero)", () => {
    const points = [
      { x: 0, y: 1 },
      { x: 1, y: 3 },
      { x: 2, y: 2 },
      { x: 3, y: 6 },
    ];
    const { slope, intercept } = linearFit(points);
    expect(slope).toBeCloseTo(1.4, 10);
    expect(intercept).toBeCloseTo(0.9, 10);
    expect(points.reduce((sum, p) => sum + (p.y - (intercept + slope * p.x)), 0)).toBeCloseTo(0, 10);
  });

  it("gives a flat line when every x is the same or there are no points", () => {
    expect(
      linearFit([
        { x: 5, y: 2 },
        { x: 5, y: 4 },
      ]),
    ).toEqual({ slope: 0, intercept: 3 });
    expect(linearFit([])).toEqual({ slope: 0, intercept: 0 });
  });
});
