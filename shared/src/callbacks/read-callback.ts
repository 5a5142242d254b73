// Reading one callback CloudEvent as ACS posts it (`{id, type: "Microsoft.Communication.<Name>", time,
// data}`): the functions app reads its callbacks with these, and the worker the callbacks handed to a call.
import { z } from "zod";
import { absent } from "../wire/absent.js";
import {
  CALLBACK_ID_MAX_CHARS,
  CALLBACK_TYPE_MAX_CHARS,
  type CallAutomationEvent,
} from "./call-automation-event.js";
import { callbackDataSchema } from "./callback-data.js";

const TYPE_PREFIX = "Microsoft.Communication.";

/** "Microsoft.Communication.CallConnected" → "CallConnected"; other names are kept as they are. */
export function shortCallbackType(type: string): string {
  return type.startsWith(TYPE_PREFIX) ? type.slice(TYPE_PREFIX.length) : type;
}

const envelopeSchema = z.object({
  id: z.string().min(1).max(CALLBACK_ID_MAX_CHARS),
  type: z.string().min(1).max(CALLBACK_TYPE_MAX_CHARS),
});
const bodySchema = z.object({ time: absent(z.string()), data: callbackDataSchema });

/** The CloudEvent's id and short type; undefined when it is not a CloudEvent. */
export function readCallbackEnvelope(item: unknown): { id: string; type: string } | undefined {
  const head = envelopeSchema.safeParse(item);
  return head.success ? { id: head.data.id, type: shortCallbackType(head.data.type) } : undefined;
}

/** The whole event; undefined when it is not a CloudEvent or its data names no (valid) call connection. */
export function readCallback(item: unknown): CallAutomationEvent | undefined {
  const head = readCallbackEnvelope(item);
  const body = bodySchema.safeParse(item);
  if (head === undefined || !body.success) return undefined;
  const { time, data } = body.data;
  return {
    ...head,
    callConnectionId: data.callConnectionId,
    correlationId: data.correlationId,
    serverCallId: data.serverCallId,
    time,
    resultCode: data.resultInformation?.code,
    resultSubCode: data.resultInformation?.subCode,
    data,
  };
}
