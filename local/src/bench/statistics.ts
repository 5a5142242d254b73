/** Median and spread of repeated measurements of one figure. */
export interface Spread {
  median: number;
  p10: number;
  p90: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(values: readonly number[]): Spread {
  if (values.length === 0) throw new RangeError("summarize: no values");
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => {
    const position = q * (sorted.length - 1);
    const low = Math.floor(position);
    const high = Math.ceil(position);
    const lowValue = sorted[low] as number;
    return lowValue + ((sorted[high] as number) - lowValue) * (position - low);
  };
  return {
    median: at(0.5),
    p10: at(0.1),
    p90: at(0.9),
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    runs: sorted.length,
  };
}

/** "12,345 (11,900–13,100)": median, then p10–p90. */
export function formatSpread(spread: Spread, fractionDigits = 0): string {
  const format = (value: number) =>
    value.toLocaleString("en-US", {
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
  return `${format(spread.median)} (${format(spread.p10)}–${format(spread.p90)})`;
}

/** Least-squares line through the points: y ≈ intercept + slope·x (slope 0 with fewer than two distinct x). */
export function linearFit(points: readonly { x: number; y: number }[]): { slope: number; intercept: number } {
  if (points.length === 0) return { slope: 0, intercept: 0 };
  const meanX = points.reduce((t, p) => t + p.x, 0) / points.length;
  const meanY = points.reduce((t, p) => t + p.y, 0) / points.length;
  let numerator = 0;
  let denominator = 0;
  for (const p of points) {
    numerator += (p.x - meanX) * (p.y - meanY);
    denominator += (p.x - meanX) ** 2;
  }
  const slope = denominator === 0 ? 0 : numerator / denominator;
  return { slope, intercept: meanY - slope * meanX };
}
