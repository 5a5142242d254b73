import type { SigningKeysEvent } from "@acs-voice/shared";
import type { Logger } from "../logger.js";

/**
 * The log line for the ACS signing keys (the verifier's `onKeysEvent`): at most one per fetch attempt,
 * which the verifier's backoff bounds. Served stale is a warning (calls are still answered), served none
 * an error (every media connection is refused until the key endpoint answers).
 */
export function logSigningKeysEvent(logger: Logger): (event: SigningKeysEvent) => void {
  return (event) => {
    if (event.kind === "recovered") {
      logger.info(
        { attempts: event.attempts, failingForMs: event.failingForMs },
        "ACS signing keys fetched again",
      );
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
      logger.warn(fields, "ACS signing keys unreachable; verifying with the last good keys");
    } else {
      logger.error(fields, "ACS signing keys unreachable; media connections are refused");
    }
  };
}
