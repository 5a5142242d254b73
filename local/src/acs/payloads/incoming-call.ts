// Microsoft.Communication.IncomingCall as Event Grid delivers it, in both schemas, with the keys and key
// order of the fixtures eventgrid-incomingcall.learn-docs.json (EventGrid schema, matching the live PSTN
// capture) and eventgrid-incomingcall.cloudevents.rest-api-specs.json (CloudEvents 1.0).
import type { CommunicationIdentifierModel } from "../identifiers.js";
import { eventGridTime } from "./wire-time.js";

export const INCOMING_CALL_EVENT_TYPE = "Microsoft.Communication.IncomingCall";

export interface IncomingCallFacts {
  eventId: string;
  resourceTopic: string; // /subscriptions/.../communicationservices/<name>
  from: CommunicationIdentifierModel;
  to: CommunicationIdentifierModel;
  serverCallId: string;
  callerDisplayName: string;
  incomingCallContext: string;
  correlationId: string;
  customContext?: { sipHeaders: Record<string, string>; voipHeaders: Record<string, string> };
  timeMs: number;
}

export interface IncomingCallData {
  to: CommunicationIdentifierModel;
  from: CommunicationIdentifierModel;
  serverCallId: string;
  callerDisplayName: string;
  customContext?: { sipHeaders: Record<string, string>; voipHeaders: Record<string, string> };
  incomingCallContext: string;
  correlationId: string;
}

function incomingCallData(facts: IncomingCallFacts): IncomingCallData {
  return {
    to: facts.to,
    from: facts.from,
    serverCallId: facts.serverCallId,
    callerDisplayName: facts.callerDisplayName,
    ...(facts.customContext ? { customContext: facts.customContext } : {}),
    incomingCallContext: facts.incomingCallContext,
    correlationId: facts.correlationId,
  };
}

function subject(facts: IncomingCallFacts): string {
  return `/caller/${facts.from.rawId}/recipient/${facts.to.rawId}`;
}

export function incomingCallEventGridEvent(facts: IncomingCallFacts) {
  return {
    id: facts.eventId,
    topic: facts.resourceTopic,
    subject: subject(facts),
    data: incomingCallData(facts),
    eventType: INCOMING_CALL_EVENT_TYPE,
    dataVersion: "1.0",
    metadataVersion: "1",
    eventTime: eventGridTime(facts.timeMs),
  };
}

export function incomingCallCloudEvent(facts: IncomingCallFacts) {
  return {
    id: facts.eventId,
    source: facts.resourceTopic,
    subject: subject(facts),
    data: incomingCallData(facts),
    type: INCOMING_CALL_EVENT_TYPE,
    specversion: "1.0",
    time: eventGridTime(facts.timeMs),
  };
}
