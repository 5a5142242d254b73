import { readFileSync } from "node:fs";

/** Each call as the worker's own log tells it: started, and ended once with a reason and its counters. */
export interface LoggedCall {
  callId: string;
  callConnectionId: string | undefined;
  started: boolean;
  endings: number;
  reason: string | undefined;
  metrics: Record<string, unknown> | undefined;
}

/** Reads the worker's JSON log lines (pino) and collects every call's start and end. */
export function readCallLog(logFile: string): { calls: LoggedCall[]; fatalLines: number } {
  const calls = new Map<string, LoggedCall>();
  let fatalLines = 0;
  for (const line of readFileSync(logFile, "utf8").split("\n")) {
    if (!line.startsWith("{")) continue;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (typeof entry.level === "number" && entry.level >= 60) fatalLines++;
    const callId = typeof entry.callId === "string" ? entry.callId : undefined;
    if (!callId) continue;
    const call = calls.get(callId) ?? {
      callId,
      callConnectionId: typeof entry.callConnectionId === "string" ? entry.callConnectionId : undefined,
      started: false,
      endings: 0,
      reason: undefined,
      metrics: undefined,
    };
    if (entry.msg === "call started") call.started = true;
    if (entry.msg === "call ended") {
      call.endings++;
      call.reason = typeof entry.reason === "string" ? entry.reason : undefined;
      call.metrics =
        typeof entry.metrics === "object" && entry.metrics !== null
          ? (entry.metrics as Record<string, unknown>)
          : undefined;
    }
    calls.set(callId, call);
  }
  return { calls: [...calls.values()], fatalLines };
}
