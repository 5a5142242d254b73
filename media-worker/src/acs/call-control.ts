import { CallAutomationClient } from "@azure/communication-call-automation";
import type { TokenCredential } from "@azure/identity";
import type { Clock, TimerHandle } from "../clock.js";

/** The Call Automation actions the media worker takes on its own calls. */
export interface CallControl {
  /** Ends the call for everyone. */
  hangUp(callConnectionId: string): Promise<void>;
  /**
   * Asks ACS to transfer the caller to a phone number (E.164). Resolves when ACS took the request (202);
   * the outcome arrives later as CallTransferAccepted / CallTransferFailed.
   */
  transfer(callConnectionId: string, phoneNumber: string, operationContext: string): Promise<void>;
}

export type CallControlTarget =
  | { connectionString: string }
  | { endpoint: string; credential: TokenCredential };

/** Hangs up for everyone (`hangUp(true)`: the call is over, not just the bot's leg). */
export function createCallControl(target: CallControlTarget): CallControl {
  const endpoint = "connectionString" in target ? endpointOf(target.connectionString) : target.endpoint;
  // Plain http only for a local emulator on this machine; anything else must be https.
  const options = isLoopback(endpoint) ? { allowInsecureConnection: true } : {};
  const client =
    "connectionString" in target
      ? new CallAutomationClient(target.connectionString, options)
      : new CallAutomationClient(target.endpoint, target.credential, options);
  return {
    async hangUp(callConnectionId) {
      await client.getCallConnection(callConnectionId).hangUp(true);
    },
    async transfer(callConnectionId, phoneNumber, operationContext) {
      await client
        .getCallConnection(callConnectionId)
        .transferCallToParticipant({ phoneNumber }, { operationContext });
    },
  };
}

function endpointOf(connectionString: string): string {
  return /endpoint=([^;]+)/i.exec(connectionString)?.[1] ?? "";
}

function isLoopback(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(hostname);
  } catch {
    return false;
  }
}

/** Hangs up, giving up after `timeoutMs` (the call ends on our side either way). */
export async function hangUpWithin(
  control: CallControl,
  callConnectionId: string,
  clock: Clock,
  timeoutMs: number,
): Promise<void> {
  let timer: TimerHandle | undefined;
  try {
    await Promise.race([
      control.hangUp(callConnectionId),
      new Promise<never>((_, reject) => {
        timer = clock.setTimeout(() => reject(new Error("hang-up timed out")), timeoutMs);
      }),
    ]);
  } finally {
    if (timer !== undefined) clock.clearTimeout(timer);
  }
}
