/** A plain-text table that reads well in a terminal and pasted into an issue. */
export function renderTable(rows: [string, string][]): string {
  const keyWidth = Math.max(...rows.map(([key]) => key.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const rule = `+${"-".repeat(keyWidth + 2)}+${"-".repeat(valueWidth + 2)}+`;
  const body = rows.map(([key, value]) => `| ${key.padEnd(keyWidth)} | ${value.padEnd(valueWidth)} |`);
  return [rule, ...body, rule].join("\n");
}
