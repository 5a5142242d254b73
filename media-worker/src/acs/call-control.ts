import type { Clock, TimerHandle } from "@acs-voice/shared";
import { CallAutomationClient } from "@azure/communication-call-automation";
import type { TokenCredential } from "@azure/identity";

/** What ACS says of a call: its connection state, and the resource's own number on it. */
export type CallStatus =
  | { kind: "gone" }
  | {
      kind: "present";
      /** `connecting`, `connected`, `transferring`, `transferAccepted`, `disconnecting`, `disconnected`, … */
      state: string;
      /**
       * The resource's number on this call: the one the caller dialled (`answeredFor`, inbound PSTN) or
       * the one the call was placed from (`sourceCallerIdNumber`, outbound), when ACS reports one.
       */
      ourNumber: string | undefined;
      /** `active` while ACS streams the call's media to a worker (this one or another replica). */
      mediaStreaming: string | undefined;
    };

/** The Call Automation actions the media worker takes on its own calls. */
export interface CallControl {
  /** Ends the call for everyone; a call that is already gone counts as ended. */
  hangUp(callConnectionId: string): Promise<void>;
  /**
   * Asks ACS to transfer the caller to a phone number (E.164), showing `sourceCallerId` (a number the
   * resource owns; ACS needs one to reach a PSTN target). Resolves when ACS took the request (202); the
   * outcome arrives later as CallTransferAccepted / CallTransferFailed.
   */
  transfer(
    callConnectionId: string,
    phoneNumber: string,
    operationContext: string,
    sourceCallerId: string | undefined,
  ): Promise<void>;
  /** The call as ACS sees it now. */
  status(callConnectionId: string): Promise<CallStatus>;
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
      try {
        await client.getCallConnection(callConnectionId).hangUp(true);
      } catch (error) {
        // The caller hung up, or the call moved on, while we were deciding: nothing is left to end.
        if (!isGone(error)) throw error;
      }
    },
    async transfer(callConnectionId, phoneNumber, operationContext, sourceCallerId) {
      await client.getCallConnection(callConnectionId).transferCallToParticipant(
        { phoneNumber },
        {
          operationContext,
          ...(sourceCallerId === undefined ? {} : { sourceCallIdNumber: { phoneNumber: sourceCallerId } }),
        },
      );
    },
    async status(callConnectionId) {
      try {
        const properties = await client.getCallConnection(callConnectionId).getCallConnectionProperties();
        return {
          kind: "present",
          state: properties.callConnectionState ?? "unknown",
          ourNumber: properties.answeredFor?.phoneNumber ?? properties.sourceCallerIdNumber?.phoneNumber,
          mediaStreaming: properties.mediaStreamingSubscription?.state,
        };
      } catch (error) {
        if (isGone(error)) return { kind: "gone" };
        throw error;
      }
    },
  };
}

/** ACS answers 404 for a call connection that no longer exists. */
export function isGone(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    "statusCode" in error &&
    (error as { statusCode: unknown }).statusCode === 404
  );
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
