// Answers one IncomingCall at most once: claim → answerCall → record the outcome in the claim.

import { errorLabel, maskIdentifier } from "@acs-voice/shared";
import type { CallAutomation } from "../acs/call-automation.js";
import { type AcsFailure, classifyAcsError } from "../acs/classify-acs-error.js";
import type { CallRecords } from "../callbacks/call-records.js";
import type { Logger } from "../logging/logger.js";
import type { CallLegUrlsFor } from "../tickets/call-leg-urls.js";
import type { CallTickets } from "../tickets/call-tickets.js";
import type { AnswerClaims, ClaimState } from "./answer-claims.js";
import { answerClaimKey, type IncomingCall } from "./incoming-call-event.js";

export interface AnswerDependencies {
  callAutomation: CallAutomation;
  claims: AnswerClaims;
  callRecords: CallRecords;
  /** Each call gets a ticket; its media and callbacks are accepted only with it. */
  tickets: CallTickets;
  legUrls: CallLegUrlsFor;
  /** Bounds the whole answer (SDK retries included) well inside Event Grid's 30 s delivery timeout. */
  answerTimeoutMs: number;
  log: Logger;
  now?: () => Date;
}

export type AnswerOutcome =
  | { kind: "answered"; callConnectionId: string }
  | { kind: "duplicate"; state: ClaimState }
  | { kind: "failed"; failure: AcsFailure };

export const DEFAULT_ANSWER_TIMEOUT_MS = 10_000;

export async function answerIncomingCall(
  call: IncomingCall,
  deps: AnswerDependencies,
): Promise<AnswerOutcome> {
  const key = answerClaimKey(call);
  const logFields = {
    correlationId: call.correlationId,
    from: call.fromRawId === undefined ? undefined : maskIdentifier(call.fromRawId),
    to: call.toRawId === undefined ? undefined : maskIdentifier(call.toRawId),
  };

  const claim = await deps.claims.claim(key, { correlationId: call.correlationId });
  if (claim.kind === "duplicate") {
    deps.log.info("incoming call already handled", { ...logFields, state: claim.state });
    return { kind: "duplicate", state: claim.state };
  }

  let ticket: string;
  try {
    ticket = await deps.tickets.issue(call.correlationId, (deps.now ?? (() => new Date()))());
  } catch (error) {
    // Without a ticket the call could not be bound to us: let Event Grid deliver it again.
    await deps.claims.release(key);
    throw error;
  }
  const urls = deps.legUrls(ticket);
  let callConnectionId: string;
  try {
    ({ callConnectionId } = await deps.callAutomation.answerCall(call.incomingCallContext, urls.callbackUrl, {
      mediaStreamingOptions: urls.mediaStreamingOptions,
      abortSignal: AbortSignal.timeout(deps.answerTimeoutMs),
    }));
  } catch (error) {
    const failure = classifyAcsError(error);
    deps.log.warn("answering the incoming call failed", {
      ...logFields,
      code: failure.code,
      retryable: failure.retryable,
      statusCode: failure.statusCode,
      subCode: failure.subCode,
    });
    if (failure.retryable) await deps.claims.release(key);
    else await deps.claims.markFailed(key, failure.code);
    return { kind: "failed", failure };
  }

  deps.log.info("incoming call answered", { ...logFields, callConnectionId });
  // The call is answered whatever happens next: a bookkeeping failure is logged, never turned into a
  // non-200 that would make Event Grid redeliver.
  try {
    // The callbacks route binds it too (from the first verified callback) if this write fails.
    await deps.tickets.bind(ticket, callConnectionId);
    await deps.claims.markAnswered(key, callConnectionId);
    await deps.callRecords.apply({
      callConnectionId,
      correlationId: call.correlationId,
      direction: "inbound",
      caller: call.fromRawId === undefined ? undefined : maskIdentifier(call.fromRawId),
      state: "answered",
      event: "AnswerCallAccepted",
      at: (deps.now ?? (() => new Date()))(),
    });
  } catch (error) {
    deps.log.error("recording the answered call failed", {
      ...logFields,
      callConnectionId,
      error: errorLabel(error),
    });
  }
  return { kind: "answered", callConnectionId };
}
