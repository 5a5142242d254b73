// The emulated resource's memory: incoming calls that rang (by incomingCallContext) and call connections
// (by id). Both maps are bounded; the oldest entries go first.
import type { EmulatedCallImpl } from "./emulated-call.js";
import type { CommunicationIdentifierModel } from "./identifiers.js";
import type { MediaLegDefaults } from "./media-defaults.js";
import type { MediaTokenKind } from "./token-issuer.js";

export const MAX_REMEMBERED_CALLS = 5000;

export interface RingingCall {
  incomingCallContext: string;
  serverCallId: string;
  correlationId: string;
  from: CommunicationIdentifierModel;
  to: CommunicationIdentifierModel;
  callerDisplayName: string;
  mediaOverrides: Partial<MediaLegDefaults>;
  /** The token the media leg presents; default the emulator's. */
  mediaToken: MediaTokenKind | undefined;
  /** Call connections created by answering this call; the first one won. */
  answeredBy: string[];
  /** The caller gave up before anyone answered. */
  cancelled: boolean;
}

export class CallRegistry {
  private readonly ringing = new Map<string, RingingCall>();
  private readonly connections = new Map<string, EmulatedCallImpl>();

  addRinging(call: RingingCall): void {
    remember(this.ringing, call.incomingCallContext, call);
  }

  ringingByContext(incomingCallContext: string): RingingCall | undefined {
    return this.ringing.get(incomingCallContext);
  }

  addConnection(call: EmulatedCallImpl): void {
    remember(this.connections, call.callConnectionId, call);
  }

  connection(callConnectionId: string): EmulatedCallImpl | undefined {
    return this.connections.get(callConnectionId);
  }

  allConnections(): EmulatedCallImpl[] {
    return [...this.connections.values()];
  }
}

function remember<T>(map: Map<string, T>, key: string, value: T): void {
  map.set(key, value);
  while (map.size > MAX_REMEMBERED_CALLS) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) break;
    map.delete(oldest);
  }
}
