import type { ClientEvent } from "@acs-voice/shared";
import type { PlayedAudio, PlayoutTracker } from "./playout-tracker.js";

/** Responses remembered as interrupted; late deltas of older ones cannot plausibly still arrive. */
const MAX_INTERRUPTED_RESPONSES = 16;

/**
 * Which response the model is producing, and which ones were interrupted: audio of an interrupted
 * response must never reach the caller, even when its deltas arrive after the barge-in.
 */
export class ResponseGate {
  private inFlight: string | undefined;
  private readonly interrupted = new Set<string>();

  created(responseId: string): void {
    this.inFlight = responseId;
  }

  done(responseId: string): void {
    if (this.inFlight === responseId) this.inFlight = undefined;
  }

  get responseInFlight(): string | undefined {
    return this.inFlight;
  }

  interrupt(responseId: string): void {
    this.interrupted.add(responseId);
    if (this.interrupted.size > MAX_INTERRUPTED_RESPONSES) {
      const oldest = this.interrupted.values().next().value;
      if (oldest !== undefined) this.interrupted.delete(oldest);
    }
    if (this.inFlight === responseId) this.inFlight = undefined;
  }

  isInterrupted(responseId: string): boolean {
    return this.interrupted.has(responseId);
  }
}

/** What one barge-in touches, each through the narrowest view. */
export interface BargeInPorts {
  stopAcsAudio(): void;
  pacer: { active: boolean; bufferedMs(): number; clear(): number };
  outbound: { readonly currentResponseId: string | undefined; reset(): void };
  tracker: PlayoutTracker;
  gate: ResponseGate;
  /** The response id of the frame ACS received last, if any. */
  playingResponseId: string | undefined;
  sendToVoiceLive(event: ClientEvent): void;
  /** The session's turn detection has `interrupt_response: true`: the service cancels by itself. */
  serviceInterruptsResponse: boolean;
}

export interface BargeInOutcome {
  clearedFrames: number;
  cancelledResponseId: string | undefined;
  truncated: PlayedAudio | undefined;
}

/**
 * The caller started speaking over the bot. Runs synchronously, ahead of any queued audio:
 * StopAudio, drop the queue, reset the output conversion, cancel the response (unless the service
 * does), and truncate the model's item at what the caller heard. Returns undefined when the bot was
 * neither speaking nor about to.
 */
export function bargeIn(ports: BargeInPorts): BargeInOutcome | undefined {
  const inFlight = ports.gate.responseInFlight;
  const framing = ports.outbound.currentResponseId;
  if (!ports.pacer.active && inFlight === undefined && framing === undefined) return undefined;

  ports.stopAcsAudio();
  // Read before clearing: what ACS still held when it was told to stop was never heard.
  const stillBufferedMs = ports.pacer.bufferedMs();
  const clearedFrames = ports.pacer.clear();
  ports.outbound.reset();

  for (const responseId of new Set([inFlight, framing, ports.playingResponseId])) {
    if (responseId !== undefined) ports.gate.interrupt(responseId);
  }

  let cancelledResponseId: string | undefined;
  if (inFlight !== undefined && !ports.serviceInterruptsResponse) {
    ports.sendToVoiceLive({ type: "response.cancel" });
    cancelledResponseId = inFlight;
  }

  const truncated = ports.tracker.playedAudio(stillBufferedMs);
  ports.tracker.endPlayout();
  if (truncated) {
    ports.sendToVoiceLive({
      type: "conversation.item.truncate",
      item_id: truncated.itemId,
      content_index: 0,
      audio_end_ms: truncated.audioEndMs,
    });
  }
  return { clearedFrames, cancelledResponseId, truncated };
}
