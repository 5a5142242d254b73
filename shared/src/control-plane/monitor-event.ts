// What the worker publishes to the `monitor` group for the monitor page (functions/src/monitor) to show.

export type CallStateName = "connecting" | "active" | "transferring" | "ending" | "ended";

export interface TranscriptLine {
  role: "caller" | "bot";
  text: string;
}

/** One activity of a call, or the whole call's view (periodically, for pages opened mid-call). */
export type MonitorEvent = { callConnectionId: string; worker: string; atMs: number } & (
  | { kind: "call.state"; state: CallStateName; reason?: string }
  | { kind: "call.transcript"; role: "caller" | "bot"; text: string }
  | { kind: "call.turn"; latencyMs: number }
  | { kind: "call.bargeIn" }
  | { kind: "call.tool"; name: string }
  | { kind: "call.action"; action: "hangUp" | "transfer" | "whisper"; ok: boolean }
  | {
      kind: "call.snapshot";
      state: CallStateName;
      transcript: TranscriptLine[];
      turnLatenciesMs: number[];
      bargeIns: number;
    }
);
