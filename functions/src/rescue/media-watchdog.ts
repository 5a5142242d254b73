// The scheduled job that acts on calls whose media never started (media-watch.ts): the first time it
// asks ACS to stream again, the second time the call gets the fallback (transfer, or apology and hang-up).
import type { Job } from "../jobs/job.js";
import type { MediaRescue } from "./media-rescue.js";
import type { MediaWatch } from "./media-watch.js";

/** How often the watchdog looks; a call waits at most its deadline plus this. */
export const MEDIA_WATCHDOG_EVERY_SECONDS = 5;

export function mediaWatchdogJob(
  watch: MediaWatch,
  rescue: MediaRescue,
  now: () => Date = () => new Date(),
): Job {
  return {
    name: "mediaWatchdog",
    everySeconds: MEDIA_WATCHDOG_EVERY_SECONDS,
    async run({ log }) {
      for (const call of await watch.claimOverdue(now())) {
        log.warn("no media for the call in time", {
          callConnectionId: call.callConnectionId,
          attempts: call.attempts,
        });
        await rescue.act(call.attempts === 0 ? "retry-media" : "fallback", call.callConnectionId, log);
      }
    },
  };
}
