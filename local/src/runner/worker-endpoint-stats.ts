// The worker's account of its Voice Live resources: with more than one, it logs each resource's counters
// ("voice live endpoint stats") when a call ends. The runner reads the last such line for the summary of
// `npm start -- --throttle`, as it reads the worker's "call ended" line for its frame counts.

export interface WorkerEndpointStats {
  name: string;
  connections: number;
  refusals: number;
  tokens: number;
  outOfRotationMs: number;
}

/** Each endpoint of the last stats line the worker logged; [] when there is none (one resource). */
export function workerEndpointStats(logText: string): WorkerEndpointStats[] {
  const lines = logText.split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]?.trim() ?? "";
    if (!line.startsWith("{") || !line.includes('"voice live endpoint stats"')) continue;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    const endpoints = (entry as { endpoints?: unknown }).endpoints;
    if (!Array.isArray(endpoints)) continue;
    return endpoints.flatMap((value: unknown) => {
      if (typeof value !== "object" || value === null) return [];
      const record = value as Record<string, unknown>;
      const count = (name: string) => (typeof record[name] === "number" ? (record[name] as number) : 0);
      return typeof record.name === "string"
        ? [
            {
              name: record.name,
              connections: count("connections"),
              refusals: count("refusals"),
              tokens: count("tokens"),
              outOfRotationMs: count("outOfRotationMs"),
            },
          ]
        : [];
    });
  }
  return [];
}
