// Mid-call callbacks from ACS: a JSON array of CloudEvents (normally one), `type`
// "Microsoft.Communication.<Name>" and `data` carrying the call connection id and a result. Each event is
// read with shared's callback reader, the same shape the worker reads when the event is published to it.
import { type CallAutomationEvent, readCallback, readCallbackEnvelope } from "@acs-voice/shared";

/** Every callback type the SDK 1.6.0 parses (research/acs.md §4); others are accepted and ignored. */
export const KNOWN_CALL_EVENT_TYPES = new Set([
  "AddParticipantSucceeded",
  "AddParticipantFailed",
  "RemoveParticipantSucceeded",
  "RemoveParticipantFailed",
  "MoveParticipantSucceeded",
  "MoveParticipantFailed",
  "CallConnected",
  "CallDisconnected",
  "CallTransferAccepted",
  "CallTransferFailed",
  "ParticipantsUpdated",
  "RecordingStateChanged",
  "PlayStarted",
  "PlayCompleted",
  "PlayFailed",
  "PlayCanceled",
  "RecognizeCompleted",
  "RecognizeCanceled",
  "RecognizeFailed",
  "ContinuousDtmfRecognitionToneReceived",
  "ContinuousDtmfRecognitionToneFailed",
  "ContinuousDtmfRecognitionStopped",
  "SendDtmfTonesCompleted",
  "SendDtmfTonesFailed",
  "CancelAddParticipantSucceeded",
  "CancelAddParticipantFailed",
  "TranscriptionStarted",
  "TranscriptionStopped",
  "TranscriptionUpdated",
  "TranscriptionFailed",
  "CreateCallFailed",
  "AnswerFailed",
  "HoldFailed",
  "ConnectFailed",
  "MediaStreamingStarted",
  "MediaStreamingStopped",
  "MediaStreamingFailed",
  "StartRecordingFailed",
]);

export type CallbackBatch =
  | { ok: true; events: CallAutomationEvent[]; ignoredTypes: string[] }
  | { ok: false; reason: string };

export const MAX_EVENTS_PER_CALLBACK = 100;

export function parseCallbackBatch(body: unknown): CallbackBatch {
  const items = Array.isArray(body) ? body : [body];
  if (items.length === 0) return { ok: false, reason: "the callback contains no events" };
  if (items.length > MAX_EVENTS_PER_CALLBACK) {
    return { ok: false, reason: `a callback holds at most ${MAX_EVENTS_PER_CALLBACK} events` };
  }
  const events: CallAutomationEvent[] = [];
  const ignoredTypes: string[] = [];
  for (const [index, item] of items.entries()) {
    const head = readCallbackEnvelope(item);
    if (head === undefined)
      return { ok: false, reason: `event ${index} is not a CloudEvent (id and type required)` };
    if (!KNOWN_CALL_EVENT_TYPES.has(head.type)) {
      ignoredTypes.push(head.type);
      continue;
    }
    const event = readCallback(item);
    if (event === undefined) {
      return { ok: false, reason: `event ${index} (${head.type}) has no data.callConnectionId` };
    }
    events.push(event);
  }
  return { ok: true, events, ignoredTypes };
}
