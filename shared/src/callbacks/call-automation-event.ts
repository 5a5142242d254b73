// One Call Automation callback as the functions app reads it from ACS, records it, and publishes it to the
// call's Web PubSub group, where the worker reads it back with the same schema.
import { z } from "zod";
import { CALL_CONNECTION_ID_PATTERN } from "../control-plane/groups.js";
import { absent } from "../wire/absent.js";

export interface CallAutomationEvent {
  /** The CloudEvent's id (a GUID from ACS). */
  id: string;
  /** Short name: "CallConnected", "MediaStreamingFailed", … (without `Microsoft.Communication.`). */
  type: string;
  callConnectionId: string;
  correlationId?: string | undefined;
  serverCallId?: string | undefined;
  /** Event time as sent by ACS (ISO 8601), if any. */
  time?: string | undefined;
  resultCode?: number | undefined;
  resultSubCode?: number | undefined;
  /** The event's `data` (see callback-data.ts), for type-specific fields (operation context, media status…). */
  data: Readonly<Record<string, unknown>>;
}

/** Bounds shared by both readers of an event: the CloudEvent id and type. */
export const CALLBACK_ID_MAX_CHARS = 200;
export const CALLBACK_TYPE_MAX_CHARS = 200;

/** The published event, read tolerantly (`null` is absent, unknown fields are ignored). */
export const callAutomationEventSchema = z
  .object({
    id: z.string().min(1).max(CALLBACK_ID_MAX_CHARS),
    type: z.string().min(1).max(CALLBACK_TYPE_MAX_CHARS),
    callConnectionId: z.string().regex(CALL_CONNECTION_ID_PATTERN),
    correlationId: absent(z.string()),
    serverCallId: absent(z.string()),
    time: absent(z.string()),
    resultCode: absent(z.number()),
    resultSubCode: absent(z.number()),
    data: z.record(z.string(), z.unknown()),
  })
  .loose()
  .transform(
    (event): CallAutomationEvent => ({
      id: event.id,
      type: event.type,
      callConnectionId: event.callConnectionId,
      correlationId: event.correlationId,
      serverCallId: event.serverCallId,
      time: event.time,
      resultCode: event.resultCode,
      resultSubCode: event.resultSubCode,
      data: event.data,
    }),
  );
