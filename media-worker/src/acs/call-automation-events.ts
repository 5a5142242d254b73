import type { CallAutomationEventInput } from "@acs-voice/shared";
import type { TransferOutcome } from "../tools/tool.js";

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
