// Mid-call callbacks from ACS: a JSON array of CloudEvents (normally one), `type`
// "Microsoft.Communication.<Name>" and `data` carrying the call connection id and a result.
import { z } from "zod";

const TYPE_PREFIX = "Microsoft.Communication.";

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

export interface CallEvent {
  id: string;
  /** Short name: "CallConnected", "MediaStreamingFailed", … */
  type: string;
  callConnectionId: string;
  correlationId: string | undefined;
  serverCallId: string | undefined;
  /** Event time as sent by ACS (ISO 8601), if any. */
  time: string | undefined;
  resultCode: number | undefined;
  resultSubCode: number | undefined;
  /** The event's `data`, for consumers that need type-specific fields (participants, media status…). */
  data: Readonly<Record<string, unknown>>;
}

export type CallbackBatch =
  | { ok: true; events: CallEvent[]; ignoredTypes: string[] }
  | { ok: false; reason: string };

export const MAX_EVENTS_PER_CALLBACK = 100;

const resultInformation = z
  .object({ code: z.number().optional(), subCode: z.number().optional() })
  .loose()
  .optional();
const envelope = z.object({ id: z.string().min(1), type: z.string().min(1).max(200) });
const callEvent = z.object({
  time: z.string().optional(),
  data: z
    .object({
      // Also a Table Storage key, so a conservative character set (ACS ids are GUID-like).
      callConnectionId: z.string().regex(/^[\w.:=+-]{1,200}$/),
      // Bounded: they are stored, and Table Storage refuses string properties over 64 KiB.
      correlationId: z.string().max(256).optional(),
      serverCallId: z.string().max(4096).optional(),
      resultInformation,
    })
    .loose(),
});

export function parseCallbackBatch(body: unknown): CallbackBatch {
  const items = Array.isArray(body) ? body : [body];
  if (items.length === 0) return { ok: false, reason: "the callback contains no events" };
  if (items.length > MAX_EVENTS_PER_CALLBACK) {
    return { ok: false, reason: `a callback holds at most ${MAX_EVENTS_PER_CALLBACK} events` };
  }
  const events: CallEvent[] = [];
  const ignoredTypes: string[] = [];
  for (const [index, item] of items.entries()) {
    const head = envelope.safeParse(item);
    if (!head.success)
      return { ok: false, reason: `event ${index} is not a CloudEvent (id and type required)` };
    const { id, type } = head.data;
    const shortType = type.startsWith(TYPE_PREFIX) ? type.slice(TYPE_PREFIX.length) : type;
    if (!KNOWN_CALL_EVENT_TYPES.has(shortType)) {
      ignoredTypes.push(shortType);
      continue;
    }
    const parsed = callEvent.safeParse(item);
    if (!parsed.success) {
      return { ok: false, reason: `event ${index} (${shortType}) has no data.callConnectionId` };
    }
    const { time, data } = parsed.data;
    events.push({
      id,
      type: shortType,
      callConnectionId: data.callConnectionId,
      correlationId: data.correlationId,
      serverCallId: data.serverCallId,
      time,
      resultCode: data.resultInformation?.code,
      resultSubCode: data.resultInformation?.subCode,
      data,
    });
  }
  return { ok: true, events, ignoredTypes };
}
