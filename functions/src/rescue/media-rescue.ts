// Carries out a rescue step (rescue-step.ts) through Call Automation. Every failure falls through to the
// next step down, and a call that is already gone ends the rescue: the caller is never left on a line
// nobody serves, and nothing is done to a call that is over.
import type { CallAutomationEvent } from "@acs-voice/shared";
import { errorLabel } from "@acs-voice/shared";
import type { CallAutomation } from "../acs/call-automation.js";
import type { Logger } from "../logging/logger.js";
import type { MediaWatch } from "./media-watch.js";
import {
  APOLOGY_CONTEXT,
  FALLBACK_TRANSFER_CONTEXT,
  MEDIA_RETRY_CONTEXT,
  type RescueStep,
  rescueStepFor,
} from "./rescue-step.js";

export interface MediaRescueSettings {
  /** Where the caller goes when the media cannot be connected; undefined: the apology and a hang-up. */
  fallbackTransferNumber: string | undefined;
  /** The apology audio (a WAV ACS can fetch). */
  apologyAudioUrl: string;
  /** The caller id shown to the fallback target when ACS reports none for the call. */
  callerId: string | undefined;
}

export interface MediaRescue {
  /**
   * Acts on one verified callback event: keeps the media watch up to date (a call waits for its media
   * from CallConnected until MediaStreamingStarted or its end) and takes the step the event calls for.
   * Resolves once the step's request was made (or failed); never rejects.
   */
  handle(event: CallAutomationEvent, log: Logger): Promise<RescueStep>;
  /** Takes one step for a call (the media watchdog's way in). */
  act(step: RescueStep, callConnectionId: string, log: Logger): Promise<void>;
}

export interface MediaRescueDependencies {
  callAutomation: CallAutomation;
  settings: MediaRescueSettings;
  /** Calls waiting for their media; without it only ACS's own MediaStreamingFailed starts a rescue. */
  watch?: MediaWatch | undefined;
  now?: () => Date;
}

export function createMediaRescue(deps: MediaRescueDependencies): MediaRescue {
  const { callAutomation, settings, watch } = deps;
  const now = deps.now ?? (() => new Date());
  async function run(step: RescueStep, callConnectionId: string, log: Logger): Promise<void> {
    const fields = { callConnectionId, step };
    try {
      switch (step) {
        case "retry-media":
          await callAutomation.startMediaStreaming(callConnectionId, MEDIA_RETRY_CONTEXT);
          log.warn("media streaming failed; asked ACS to stream again", fields);
          return;
        case "fallback":
          if (settings.fallbackTransferNumber === undefined)
            return await run("apologize", callConnectionId, log);
          await callAutomation.transfer(callConnectionId, settings.fallbackTransferNumber, {
            operationContext: FALLBACK_TRANSFER_CONTEXT,
            sourceCallerId: (await ourNumber(callConnectionId)) ?? settings.callerId,
          });
          log.warn("media could not be connected; transferring to the fallback number", fields);
          return;
        case "apologize":
          await callAutomation.playAudio(callConnectionId, settings.apologyAudioUrl, APOLOGY_CONTEXT);
          log.warn("media could not be connected; apologizing before the hang-up", fields);
          return;
        case "hang-up":
          await callAutomation.hangUp(callConnectionId);
          log.info("call hung up after the apology", fields);
          return;
        case "none":
          return;
      }
    } catch (error) {
      if (isGone(error)) {
        log.info("the call ended before the rescue step", fields);
        return;
      }
      log.warn("rescue step failed", { ...fields, error: errorLabel(error) });
      const next = FALLTHROUGH[step];
      if (next !== undefined) await run(next, callConnectionId, log);
    }
  }

  async function ourNumber(callConnectionId: string): Promise<string | undefined> {
    try {
      return await callAutomation.ourNumber(callConnectionId);
    } catch {
      return undefined;
    }
  }

  async function watchFor(event: CallAutomationEvent, step: RescueStep, log: Logger): Promise<void> {
    if (!watch) return;
    try {
      if (event.type === "CallConnected" || step === "retry-media")
        await watch.expect(event.callConnectionId, now());
      else if (event.type === "MediaStreamingStarted" || event.type === "CallDisconnected") {
        await watch.settle(event.callConnectionId);
      }
    } catch (error) {
      // The watch is the backstop; ACS's own callbacks still drive the rescue without it.
      log.warn("media watch not updated", {
        callConnectionId: event.callConnectionId,
        error: errorLabel(error),
      });
    }
  }

  return {
    async handle(event, log) {
      const step = rescueStepFor(event);
      await watchFor(event, step, log);
      if (step !== "none") await run(step, event.callConnectionId, log);
      return step;
    },
    act: run,
  };
}

/** The step to take when a step's own request fails. */
const FALLTHROUGH: Partial<Record<RescueStep, RescueStep>> = {
  "retry-media": "fallback",
  fallback: "apologize",
  apologize: "hang-up",
};

function isGone(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && (error as { statusCode?: unknown }).statusCode === 404
  );
}
