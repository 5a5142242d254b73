import type { CallEndReason } from "./call-types.js";

/**
 * What happens during a call, as a stream anyone may watch (the call record writer, the control plane's
 * live view). Plain data: caller text is included (it is the transcript), phone numbers and ids are not.
 */
export type CallEvent =
  | { type: "state"; state: CallState; atMs: number }
  | { type: "transcript"; role: "caller" | "bot"; text: string; atMs: number }
  /** A completed turn: the caller's words and the bot's answer, with what the caller heard of it. */
  | { type: "turn"; turn: TurnRecord }
  | { type: "barge-in"; heardMs: number | undefined; atMs: number }
  | {
      type: "tool";
      name: string;
      status: string;
      durationMs: number;
      atMs: number;
    }
  /** Key presses reached the model; only their count is given out (they can be PINs). */
  | { type: "dtmf"; keyCount: number; atMs: number }
  | { type: "voice-live"; change: "lost" | "reconnected" | "renewed" | "failed"; atMs: number }
  /** The ACS media socket dropped (ACS may reconnect), or ACS reconnected it. */
  | { type: "media"; change: "lost" | "resumed"; atMs: number }
  | { type: "ended"; reason: CallEndReason; atMs: number };

export type CallState = "connecting" | "active" | "transferring" | "ending" | "ended";

export interface TurnUsage {
  inputTextTokens: number;
  inputAudioTokens: number;
  cachedInputTokens: number;
  outputTextTokens: number;
  outputAudioTokens: number;
}

export interface TurnRecord {
  /** 1-based, in the order answers finished. */
  index: number;
  /** Wall-clock ms (Date.now) when the answer finished. */
  endedAtWallMs: number;
  callerText: string;
  botText: string;
  /** "completed", "cancelled" (barge-in), "failed", … as Voice Live reported it. */
  status: string;
  /** Caller stopped speaking → first bot audio sent to ACS. */
  latencyMs: number | undefined;
  /** Set when the caller barged in: how much of the answer they heard. */
  bargeIn: { heardMs: number | undefined } | undefined;
  tools: { name: string; status: string; durationMs: number }[];
  usage: TurnUsage | undefined;
}

export type CallEventListener = (event: CallEvent) => void;

/** Listeners beyond this are refused: one per watcher, not one per event. */
const MAX_LISTENERS = 16;

/** A tiny synchronous event stream; a listener that throws is removed, never breaks the call. */
export class CallEventStream {
  private readonly listeners = new Set<CallEventListener>();

  subscribe(listener: CallEventListener): () => void {
    if (this.listeners.size >= MAX_LISTENERS) throw new Error("too many call event listeners");
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: CallEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        this.listeners.delete(listener);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
