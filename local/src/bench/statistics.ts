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
