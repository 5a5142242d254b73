// Mid-call callbacks: a JSON array of one CloudEvent, shaped (keys, casing, key order) like the captured
// callback-*.json fixtures. Result codes follow research/acs.md §4 and the Call Automation
// troubleshooting table; where no capture exists the choice is marked "inferred".
import type { CommunicationIdentifierModel } from "../identifiers.js";
import { callbackTime } from "./wire-time.js";

export interface ResultInformation {
  code: number;
  subCode: number;
  message: string;
}

export interface CallIdentity {
  callConnectionId: string;
  serverCallId: string;
  correlationId: string;
}

export type MediaStreamingStatusDetails =
  | "subscriptionStarted"
  | "subscriptionStopped"
  | "streamUrlMissing"
  | "initialWebSocketConnectionFailed"
  | "streamConnectionInterrupted"
  | "authenticationFailure";

/** Everything a callback may say, discriminated by its short name. */
export type CallbackEvent =
  | { type: "CallConnected"; operationContext?: string }
  | { type: "ParticipantsUpdated"; participants: CommunicationIdentifierModel[]; sequenceNumber: number }
  | { type: "CallDisconnected"; result: ResultInformation; operationContext?: string }
  | { type: "AnswerFailed"; result: ResultInformation; operationContext?: string }
  | { type: "CreateCallFailed"; result: ResultInformation; operationContext?: string }
  | {
      type: "MediaStreamingStarted" | "MediaStreamingStopped" | "MediaStreamingFailed";
      details: MediaStreamingStatusDetails;
      result: ResultInformation;
      operationContext?: string;
    }
  | {
      type: "CallTransferAccepted";
      transferTarget: CommunicationIdentifierModel;
      transferee: CommunicationIdentifierModel;
      result: ResultInformation;
      operationContext?: string;
    }
  | { type: "CallTransferFailed"; result: ResultInformation; operationContext?: string }
  | {
      type: "PlayStarted" | "PlayCompleted";
      result: ResultInformation;
      operationContext?: string;
    }
  | {
      type: "PlayFailed";
      failedPlaySourceIndex: number;
      result: ResultInformation;
      operationContext?: string;
    };

export type CallbackEventType = CallbackEvent["type"];

export const results = {
  connected: { code: 200, subCode: 0, message: "" },
  actionCompleted: { code: 200, subCode: 0, message: "Action completed successfully." },
  remoteHungUp: { code: 200, subCode: 7000, message: "The conversation has ended. DiagCode: 0#7000.@" },
  botHungUp: {
    code: 200,
    subCode: 7000,
    message:
      "Call was ended by Azure Communication Service Call Automation API or a server bot. DiagCode: 0#7000.@",
  },
  // inferred: the transfer subcode 7015 on both the accepted event and the disconnect that follows it.
  transferAccepted: { code: 200, subCode: 7015, message: "The transfer operation completed successfully." },
  disconnectedAfterTransfer: {
    code: 200,
    subCode: 7015,
    message: "The conversation has ended. DiagCode: 0#7015.@",
  },
  // inferred: 8541 "Callee Unavailable" from the troubleshooting table.
  transferFailed: { code: 400, subCode: 8541, message: "Action failed, the transfer target is unavailable." },
  // inferred: the same "Callee Unavailable" subcode for an outbound call to a failing number.
  calleeUnavailable: { code: 400, subCode: 8541, message: "Action failed, the callee is unavailable." },
  acceptedElsewhere: {
    code: 487,
    subCode: 10003,
    message: "Call was accepted by another endpoint (e.g. different bot answered the call).",
  },
  answerFailedCallTerminated: {
    code: 400,
    subCode: 8528,
    message: "Action is not supported, call terminated.",
  },
  streamUrlMissing: { code: 400, subCode: 8581, message: "Media streaming failed: invalid stream URL." },
  mediaStreamingFailed: { code: 500, subCode: 8603, message: "Media streaming failed." },
  // The troubleshooting table's play failures (inferred shape: no capture).
  playFileUnreachable: { code: 400, subCode: 8536, message: "Action failed, file could not be downloaded." },
  playFileInvalid: { code: 400, subCode: 8535, message: "Action failed, file format is invalid." },
  // From a real log (Azure-Samples/communication-services-python-quickstarts#60): the worker refused or
  // could not be reached.
  mediaConnectFailed: {
    code: 400,
    subCode: 8581,
    message: "Action failed, Transport url is not valid or web socket server is not operational.",
  },
} satisfies Record<string, ResultInformation>;

const MEDIA_STATUS = {
  MediaStreamingStarted: "mediaStreamingStarted",
  MediaStreamingStopped: "mediaStreamingStopped",
  MediaStreamingFailed: "mediaStreamingFailed",
} as const;

export interface CallbackEnvelopeOptions {
  eventId: string;
  timeMs: number;
  /** `data.version`: the api-version of the request that created the call. */
  apiVersion: string;
}

export function callbackCloudEvent(
  event: CallbackEvent,
  call: CallIdentity,
  envelope: CallbackEnvelopeOptions,
) {
  const source = `calling/callConnections/${call.callConnectionId}`;
  const type = `Microsoft.Communication.${event.type}`;
  return {
    id: envelope.eventId,
    source,
    type,
    data: { ...eventSpecificData(event, envelope.apiVersion), ...call, publicEventType: type },
    time: callbackTime(envelope.timeMs),
    specversion: "1.0",
    datacontenttype: "application/json",
    subject: source,
  };
}

/** The POST body: ACS sends an array even for one event. */
export function callbackBody(event: CallbackEvent, call: CallIdentity, envelope: CallbackEnvelopeOptions) {
  return [callbackCloudEvent(event, call, envelope)];
}

function withContext(operationContext: string | undefined) {
  return operationContext === undefined ? {} : { operationContext };
}

// Key order follows the fixtures: event-specific fields, version, (operationContext), resultInformation.
function eventSpecificData(event: CallbackEvent, version: string): Record<string, unknown> {
  switch (event.type) {
    case "CallConnected":
      return { version, ...withContext(event.operationContext), resultInformation: results.connected };
    case "ParticipantsUpdated":
      return {
        participants: event.participants.map((identifier) => ({
          identifier,
          isMuted: false,
          isOnHold: false,
        })),
        sequenceNumber: event.sequenceNumber,
        resultInformation: results.connected,
        version,
      };
    case "MediaStreamingStarted":
    case "MediaStreamingStopped":
    case "MediaStreamingFailed":
      return {
        mediaStreamingUpdate: {
          contentType: "Audio",
          mediaStreamingStatus: MEDIA_STATUS[event.type],
          mediaStreamingStatusDetails: event.details,
        },
        version,
        ...withContext(event.operationContext),
        resultInformation: event.result,
      };
    case "CallTransferAccepted":
      return {
        transferTarget: event.transferTarget,
        transferee: event.transferee,
        version,
        ...withContext(event.operationContext),
        resultInformation: event.result,
      };
    case "PlayFailed":
      return {
        failedPlaySourceIndex: event.failedPlaySourceIndex,
        version,
        ...withContext(event.operationContext),
        resultInformation: event.result,
      };
    default:
      return { version, ...withContext(event.operationContext), resultInformation: event.result };
  }
}
