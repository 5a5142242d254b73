// CallConnectionProperties, the body of answer (200), createCall (201) and GET (200); keys as in the REST
// spec example (fixture rest-answercall.rest-api-specs-2025-05-15.json) plus correlationId, which the
// SDK's CallConnectionPropertiesInternal mapper reads.
import type { CommunicationIdentifierModel } from "../identifiers.js";

export type CallConnectionState =
  | "unknown"
  | "connecting"
  | "connected"
  | "transferring"
  | "transferAccepted"
  | "disconnecting"
  | "disconnected";

export type MediaStreamingSubscriptionState = "disabled" | "inactive" | "active";

export interface CallConnectionView {
  callConnectionId: string;
  serverCallId: string;
  correlationId: string;
  callbackUri: string;
  state: CallConnectionState;
  source: CommunicationIdentifierModel;
  targets: CommunicationIdentifierModel[];
  sourceCallerIdNumber?: string;
  sourceDisplayName?: string;
  answeredFor?: string;
  mediaStreaming?: { subscriptionId: string; state: MediaStreamingSubscriptionState };
  transcription?: { subscriptionId: string; state: "inactive" | "active" };
}

export function callConnectionProperties(call: CallConnectionView) {
  return {
    callConnectionId: call.callConnectionId,
    serverCallId: call.serverCallId,
    ...(call.sourceCallerIdNumber ? { sourceCallerIdNumber: { value: call.sourceCallerIdNumber } } : {}),
    ...(call.sourceDisplayName !== undefined ? { sourceDisplayName: call.sourceDisplayName } : {}),
    source: call.source,
    targets: call.targets,
    callConnectionState: call.state,
    callbackUri: call.callbackUri,
    correlationId: call.correlationId,
    ...(call.mediaStreaming
      ? {
          mediaStreamingSubscription: {
            id: call.mediaStreaming.subscriptionId,
            state: call.mediaStreaming.state,
            subscribedContentTypes: ["audio"],
          },
        }
      : {}),
    ...(call.transcription
      ? {
          transcriptionSubscription: {
            id: call.transcription.subscriptionId,
            state: call.transcription.state,
            subscribedResultTypes: ["final"],
          },
        }
      : {}),
    ...(call.answeredFor ? { answeredFor: { value: call.answeredFor } } : {}),
  };
}
