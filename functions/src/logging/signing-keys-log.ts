import type { SigningKeysEvent } from "@acs-voice/shared";
import type { Logger } from "./logger.js";

/**
 * The log line for the ACS signing keys (the verifier's `onKeysEvent`): at most one per fetch attempt,
 * which the verifier's backoff bounds. Served stale is a warning (callbacks are still accepted), served
 * none an error (every callback is refused until the key endpoint answers).
 */
export function logSigningKeysEvent(log: Logger): (event: SigningKeysEvent) => void {
  return (event) => {
    if (event.kind === "recovered") {
      log.info("ACS signing keys fetched again", {
        attempts: event.attempts,
        failingForMs: event.failingForMs,
      });
      return;
    }
    const fields = {
      failure: event.failure,
      status: event.status,
      attempts: event.attempts,
      retryInMs: event.retryInMs,
      keysAgeMs: event.keysAgeMs,
    };
    if (event.serving === "stale") {
      log.warn("ACS signing keys unreachable; verifying with the last good keys", fields);
    } else {
      log.error("ACS signing keys unreachable; callbacks are refused", fields);
    }
  };
}
