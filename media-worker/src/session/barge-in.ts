import type { ClientEvent } from "@acs-voice/shared";
import type { PlayedAudio } from "./playout-tracker.js";

/** What one barge-in touches: the caller's audio output, the bot's replies and the Voice Live socket. */
export interface BargeInPorts {
  output: {
    readonly playing: boolean;
    interrupt(): { responseIds: string[]; clearedFrames: number; truncated: PlayedAudio | undefined };
  };
  replies: { readonly speakingId: string | undefined; interrupt(responseId: string): void };
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
 * The caller started speaking over the bot. Runs synchronously, ahead of any queued audio: StopAudio,
 * drop the queue, reset the output conversion (the output's `interrupt`), mark the replies interrupted
 * so their late audio is never played, cancel the response (unless the service does), and truncate the
 * model's item at what the caller heard. Returns undefined when the bot was neither speaking nor about to.
 */
export function bargeIn(ports: BargeInPorts): BargeInOutcome | undefined {
  const speakingId = ports.replies.speakingId;
  if (!ports.output.playing && speakingId === undefined) return undefined;

  const { responseIds, clearedFrames, truncated } = ports.output.interrupt();
  for (const responseId of new Set([speakingId, ...responseIds])) {
    if (responseId !== undefined) ports.replies.interrupt(responseId);
  }

  let cancelledResponseId: string | undefined;
  if (speakingId !== undefined && !ports.serviceInterruptsResponse) {
    ports.sendToVoiceLive({ type: "response.cancel" });
    cancelledResponseId = speakingId;
  }
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
