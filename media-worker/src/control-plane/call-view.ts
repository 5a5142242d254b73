// The monitor's picture of one call, kept bounded so a long call cannot grow the worker's memory:
// the last transcript lines and turn latencies are enough to fill a page opened mid-call.
import type { CallStateName, TranscriptLine } from "@acs-voice/shared";
import type { CallActivity } from "./controlled-call.js";

export const MAX_TRANSCRIPT_LINES = 50;
export const MAX_TURN_LATENCIES = 100;
/** A transcript line longer than this is cut (the model can ramble; the page shows a summary view). */
export const MAX_LINE_CHARS = 2000;

export class CallView {
  state: CallStateName = "connecting";
  readonly transcript: TranscriptLine[] = [];
  readonly turnLatenciesMs: number[] = [];
  bargeIns = 0;

  apply(activity: CallActivity): CallActivity {
    switch (activity.kind) {
      case "state":
        this.state = activity.state;
        return activity;
      case "transcript": {
        const line = { role: activity.role, text: activity.text.slice(0, MAX_LINE_CHARS) };
        push(this.transcript, line, MAX_TRANSCRIPT_LINES);
        return { ...activity, text: line.text };
      }
      case "turn":
        push(this.turnLatenciesMs, Math.round(activity.latencyMs), MAX_TURN_LATENCIES);
        return activity;
      case "bargeIn":
        this.bargeIns += 1;
        return activity;
      case "tool":
        return activity;
    }
  }
}

function push<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}
