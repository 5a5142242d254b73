import type { TransferOutcome } from "../tools/tool.js";

/**
 * A Call Automation callback as the worker needs it (the CloudEvent's type without the
 * `Microsoft.Communication.` prefix, and a few data fields). Whoever receives the callbacks (the
 * control plane over Web PubSub, a test reading the ACS emulator) hands these to the call's session.
 */
export interface CallAutomationEventInput {
  type: string;
  callConnectionId: string;
  operationContext?: string | undefined;
  resultInformation?: { code?: number; subCode?: number; message?: string } | undefined;
}

/** Turns a callback CloudEvent (`{type, data}`) into the input shape; undefined when it is not one. */
export function callAutomationEventFromCloudEvent(cloudEvent: unknown): CallAutomationEventInput | undefined {
  if (typeof cloudEvent !== "object" || cloudEvent === null) return undefined;
  const { type, data } = cloudEvent as { type?: unknown; data?: unknown };
  if (typeof type !== "string" || typeof data !== "object" || data === null) return undefined;
  const fields = data as Record<string, unknown>;
  if (typeof fields.callConnectionId !== "string") return undefined;
  const result = fields.resultInformation as CallAutomationEventInput["resultInformation"];
  return {
    type: type.replace(/^Microsoft\.Communication\./, ""),
    callConnectionId: fields.callConnectionId,
    operationContext: typeof fields.operationContext === "string" ? fields.operationContext : undefined,
    resultInformation: typeof result === "object" && result !== null ? result : undefined,
  };
}

/** The outcome a transfer event reports, or undefined for other events. */
export function transferOutcomeOf(event: CallAutomationEventInput): TransferOutcome | undefined {
  if (event.type === "CallTransferAccepted") return { ok: true };
  if (event.type === "CallTransferFailed") {
    const code = event.resultInformation?.subCode ?? event.resultInformation?.code;
    return {
      ok: false,
      reason: code === undefined ? "the transfer failed" : `the transfer failed (${code})`,
    };
  }
  return undefined;
}
