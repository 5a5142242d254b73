import { CallAutomationClient } from "@azure/communication-call-automation";
import type { TokenCredential } from "@azure/identity";

/** The one Call Automation action the media worker needs: ending a call it can no longer serve. */
export interface CallControl {
  hangUp(callConnectionId: string): Promise<void>;
}

export type CallControlTarget =
  | { connectionString: string }
  | { endpoint: string; credential: TokenCredential };

/** Hangs up for everyone (`hangUp(true)`: the call is over, not just the bot's leg). */
export function createCallControl(target: CallControlTarget): CallControl {
  const client =
    "connectionString" in target
      ? new CallAutomationClient(target.connectionString)
      : new CallAutomationClient(target.endpoint, target.credential);
  return {
    async hangUp(callConnectionId) {
      await client.getCallConnection(callConnectionId).hangUp(true);
    },
  };
}
