// What the emulator processes stream to the runner while a call runs: the facts the console view, the
// end-of-call decision and the transcript are drawn from. Times are wall-clock epoch ms (all processes
// share the machine's clock), so events from different processes line up.

import type { Usage } from "../voicelive/index.js";

export type LiveEvent =
  // The runner: a process of the offline system is up.
  | { kind: "service-up"; name: string }
  // ACS emulator: the call as ACS sees it.
  | { kind: "call-state"; state: string }
  | { kind: "callback"; type: string }
  | { kind: "media-connected" }
  | { kind: "caller-speech"; speaking: boolean }
  | { kind: "bot-audio"; audible: boolean }
  | { kind: "stop-audio" }
  | { kind: "call-ended"; reason: string }
  // Voice Live emulator: the conversation as the model sees it.
  | { kind: "model-connected" }
  | { kind: "model-vad"; speaking: boolean }
  | { kind: "caller-transcript"; text: string }
  | { kind: "bot-transcript"; responseId: string; delta: string }
  | { kind: "response-done"; responseId: string; status: string; usage: Usage | undefined }
  | { kind: "response-cancel" }
  | { kind: "truncate"; audioEndMs: number }
  | { kind: "tool-call"; name: string; arguments: string };

export interface TimedLiveEvent {
  atEpochMs: number;
  event: LiveEvent;
}
