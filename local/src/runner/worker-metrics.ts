// The media worker's own account of the call: its "call ended" log line (JSON, pino) carries the
// per-call counters. The runner reads them from the worker's log file for the summary, since the
// worker reports to its logs and telemetry, not to the runner.

export interface WorkerCallMetrics {
  reason: string | undefined;
  framesIn: number | undefined;
  framesOut: number | undefined;
  inboundDropped: number | undefined;
  outboundDropped: number | undefined;
  timeToFirstAudioMs: number | undefined;
  bargeIns: number | undefined;
  toolCalls: number | undefined;
}

/** The metrics of the last call the worker logged as ended, or undefined when there is none. */
export function workerCallMetrics(logText: string): WorkerCallMetrics | undefined {
  const lines = logText.split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]?.trim() ?? "";
    if (!line.startsWith("{") || !line.includes('"call ended"')) continue;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    const record = asRecord(entry);
    if (record.msg !== "call ended") continue;
    const metrics = asRecord(record.metrics);
    const count = (name: string) =>
      typeof metrics[name] === "number" ? (metrics[name] as number) : undefined;
    return {
      reason: typeof record.reason === "string" ? record.reason : undefined,
      framesIn: count("framesIn"),
      framesOut: count("framesOut"),
      inboundDropped: count("inboundDropped"),
      outboundDropped: count("outboundDropped"),
      timeToFirstAudioMs: count("timeToFirstAudioMs"),
      bargeIns: count("bargeIns"),
      toolCalls: count("toolCalls"),
    };
  }
  return undefined;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}
