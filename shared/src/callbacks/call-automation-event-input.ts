// A Call Automation callback as a call session reads it: the short type and the data fields it acts on.
import { type CallbackResult, callbackDataSchema } from "./callback-data.js";
import { shortCallbackType } from "./read-callback.js";

/**
 * Transfer outcomes are matched by operation context. Whoever receives the callbacks (the control plane
 * over Web PubSub, a test reading the ACS emulator) hands these to the call's session.
 */
export interface CallAutomationEventInput {
  type: string;
  callConnectionId: string;
  operationContext?: string | undefined;
  resultInformation?: CallbackResult | undefined;
}

/** Reads `{type, data}` (a callback CloudEvent, or a published event); undefined when it is not one. */
export function callAutomationEventFromCloudEvent(cloudEvent: unknown): CallAutomationEventInput | undefined {
  if (typeof cloudEvent !== "object" || cloudEvent === null) return undefined;
  const { type, data } = cloudEvent as { type?: unknown; data?: unknown };
  const fields = callbackDataSchema.safeParse(data);
  if (typeof type !== "string" || !fields.success) return undefined;
  return {
    type: shortCallbackType(type),
    callConnectionId: fields.data.callConnectionId,
    operationContext: fields.data.operationContext,
    resultInformation: fields.data.resultInformation,
  };
}
