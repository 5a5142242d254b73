// POST /api/incomingCall: the Event Grid webhook for Microsoft.Communication.IncomingCall.
import { errorLabel } from "@acs-voice/shared";
import {
  INCOMING_CALL_EVENT,
  parseEventGridDelivery,
  subscriptionValidationCode,
} from "../eventgrid/event-grid-delivery.js";
import { webhookHandshake } from "../eventgrid/webhook-handshake.js";
import { readJsonBody } from "../http/json-body.js";
import { errorResponse, jsonResponse } from "../http/responses.js";
import type { Route } from "../http/route.js";
import { type AnswerDependencies, type AnswerOutcome, answerIncomingCall } from "./answer-incoming-call.js";
import { admitIncomingCall } from "./call-admission.js";
import { type IncomingCall, parseIncomingCall } from "./incoming-call-event.js";

// Event Grid batches are at most 1 MB (1,024 KB preferred batch size); leave headroom for framing.
export const INCOMING_CALL_MAX_BODY_BYTES = 1_100_000;
// Event Grid ignores Retry-After, but it documents the intent for anyone else calling.
const RETRY_AFTER_SECONDS = "10";

export interface IncomingCallRouteDependencies extends Omit<AnswerDependencies, "log"> {
  /** The numbers this bot answers (E.164); empty: all. */
  botNumbers: readonly string[];
}

export function incomingCallRoute(deps: IncomingCallRouteDependencies): Route {
  return {
    name: "incomingCall",
    methods: ["POST", "OPTIONS"],
    authLevel: "function",
    maxBodyBytes: INCOMING_CALL_MAX_BODY_BYTES,
    async handle(request, { log }) {
      if (request.method === "OPTIONS") return webhookHandshake(request);

      const body = readJsonBody(request, INCOMING_CALL_MAX_BODY_BYTES);
      if (!body.ok) return body.response;
      const delivery = parseEventGridDelivery(body.value);
      if (!delivery.ok) return errorResponse(400, "invalid-event-grid-delivery", delivery.reason);

      const validationCode = subscriptionValidationCode(delivery.events);
      if (validationCode !== undefined) {
        log.info("event grid subscription validated");
        return jsonResponse(200, { validationResponse: validationCode });
      }

      // Validate the whole batch before acting on any of it: a 400 must mean "nothing was done".
      const calls: IncomingCall[] = [];
      let ignored = 0;
      for (const event of delivery.events) {
        if (event.type !== INCOMING_CALL_EVENT) {
          ignored += 1;
          continue;
        }
        const call = parseIncomingCall(event.data);
        if (call === undefined) {
          return errorResponse(
            400,
            "invalid-incoming-call",
            "an IncomingCall event has no incomingCallContext",
          );
        }
        const admission = admitIncomingCall(call, deps.botNumbers);
        if (!admission.answer) {
          // Another app's call, or one looping back into the bot: answered by someone else, or nobody.
          log.info("incoming call not for this bot", {
            reason: admission.reason,
            correlationId: call.correlationId,
          });
          ignored += 1;
          continue;
        }
        calls.push(call);
      }

      const outcomes: AnswerOutcome[] = [];
      let storeFailures = 0;
      for (const call of calls) {
        try {
          outcomes.push(await answerIncomingCall(call, { ...deps, log }));
        } catch (error) {
          // The claim store failed before answering; a redelivery is safe (answered calls stay claimed).
          storeFailures += 1;
          log.error("incoming call de-duplication store unavailable", { error: errorLabel(error) });
        }
      }

      const retryable = outcomes.find((o) => o.kind === "failed" && o.failure.retryable);
      if (storeFailures > 0 || retryable?.kind === "failed") {
        const code = retryable?.kind === "failed" ? retryable.failure.code : "dedupe-store-unavailable";
        return {
          ...errorResponse(503, code, "the call could not be answered now; redeliver"),
          headers: { "retry-after": RETRY_AFTER_SECONDS },
        };
      }
      return jsonResponse(200, {
        answered: outcomes.flatMap((o) => (o.kind === "answered" ? [o.callConnectionId] : [])),
        duplicates: outcomes.filter((o) => o.kind === "duplicate").length,
        failed: outcomes.flatMap((o) => (o.kind === "failed" ? [o.failure.code] : [])),
        ignored,
      });
    },
  };
}
