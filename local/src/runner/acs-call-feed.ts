// Turns what the ACS emulator records about its calls (state, callbacks sent, the media leg's report)
// into live events for the runner. The emulator keeps these as plain records, so they are read on a
// short interval rather than hooked.

import type { AcsEmulator, EmulatedCall } from "../acs/index.js";
import type { MediaCallReport } from "../acs/media/index.js";
import type { LiveEvent } from "./live-event.js";

export interface AcsCallFeedOptions {
  emit: (event: LiveEvent, atEpochMs: number) => void;
  /** Called once per media leg, when its socket has closed. */
  onMediaReport: (report: MediaCallReport) => void;
  intervalMs?: number;
  now?: () => number;
}

interface Watched {
  state: string;
  callbacksSeen: number;
  reportsSent: number;
  endedReported: boolean;
}

/** Starts watching; the returned function stops it (and reports anything still pending). */
export function watchAcsCalls(emulator: AcsEmulator, options: AcsCallFeedOptions): () => void {
  const now = options.now ?? Date.now;
  const watched = new Map<string, Watched>();

  const poll = () => {
    for (const call of emulator.calls()) {
      let entry = watched.get(call.callConnectionId);
      if (!entry) {
        entry = { state: "", callbacksSeen: 0, reportsSent: 0, endedReported: false };
        watched.set(call.callConnectionId, entry);
      }
      observe(call, entry);
    }
  };

  const observe = (call: EmulatedCall, entry: Watched) => {
    const atMs = now();
    if (call.state !== entry.state) {
      entry.state = call.state;
      options.emit({ kind: "call-state", state: call.state }, atMs);
    }
    const callbacks = call.callbacks;
    for (const callback of callbacks.slice(entry.callbacksSeen)) {
      options.emit({ kind: "callback", type: callback.type }, atMs);
    }
    entry.callbacksSeen = callbacks.length;
    for (const leg of call.mediaLegs.slice(entry.reportsSent)) {
      if (!leg.report) break;
      options.onMediaReport(leg.report);
      entry.reportsSent++;
    }
    if (call.endReason !== undefined && !entry.endedReported && entry.reportsSent === call.mediaLegs.length) {
      entry.endedReported = true;
      options.emit({ kind: "call-ended", reason: call.endReason }, atMs);
    }
  };

  const timer = setInterval(poll, options.intervalMs ?? 50);
  return () => {
    clearInterval(timer);
    poll();
  };
}
