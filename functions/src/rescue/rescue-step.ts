// What the functions app does for a call whose media leg failed. Once ACS reports MediaStreamingFailed no
// worker serves the call, yet ACS keeps it up: without this the caller would hear silence until they
// gave up. The steps, each started by the callback the previous one causes (no state kept here: the
// operation context names the step): stream the media once more (a worker replica may have been full
// or restarting), then transfer to the fallback number, else play a short apology and hang up.
import type { CallAutomationEvent } from "@acs-voice/shared";

export const MEDIA_RETRY_CONTEXT = "rescue:media-retry";
export const FALLBACK_TRANSFER_CONTEXT = "rescue:fallback-transfer";
export const APOLOGY_CONTEXT = "rescue:apology";

export type RescueStep =
  /** Ask ACS to stream the media again. */
  | "retry-media"
  /** The media cannot be connected: the fallback transfer, else the apology. */
  | "fallback"
  /** Play the apology, then hang up. */
  | "apologize"
  | "hang-up"
  | "none";

export function rescueStepFor(event: CallAutomationEvent): RescueStep {
  const context = operationContextOf(event);
  switch (event.type) {
    case "MediaStreamingFailed":
      return context === MEDIA_RETRY_CONTEXT ? "fallback" : "retry-media";
    case "CallTransferFailed":
      return context === FALLBACK_TRANSFER_CONTEXT ? "apologize" : "none";
    case "PlayCompleted":
    case "PlayFailed":
    case "PlayCanceled":
      return context === APOLOGY_CONTEXT ? "hang-up" : "none";
    default:
      return "none";
  }
}

function operationContextOf(event: CallAutomationEvent): string | undefined {
  const context = event.data.operationContext;
  return typeof context === "string" ? context : undefined;
}
