// POST /api/calls: place an outbound call to a phone number, with the same media leg as answered calls.

import {
  auditEntry,
  checkDestination,
  type DestinationPolicy,
  errorLabel,
  maskPhoneNumber,
} from "@acs-voice/shared";
import type { CallAutomation } from "../acs/call-automation.js";
import { classifyAcsError } from "../acs/classify-acs-error.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { CallRecords } from "../callbacks/call-records.js";
import { readJsonBody } from "../http/json-body.js";
import { errorResponse, jsonResponse } from "../http/responses.js";
import type { Route } from "../http/route.js";
import type { CallLegUrlsFor } from "../tickets/call-leg-urls.js";
import type { CallTickets } from "../tickets/call-tickets.js";
import { parseOutboundCallRequest } from "./outbound-call-request.js";
import type { OutboundLimits } from "./outbound-limits.js";

export const CALLS_MAX_BODY_BYTES = 16 * 1024;
export const DEFAULT_CREATE_CALL_TIMEOUT_MS = 10_000;

export interface CallsDependencies {
  callAutomation: CallAutomation;
  callRecords: CallRecords;
  callerId: string | undefined;
  tickets: CallTickets;
  legUrls: CallLegUrlsFor;
  /** Where calls may go: configuration, never the request. */
  destinations: DestinationPolicy;
  limits: OutboundLimits;
  audit: AuditLog;
  createCallTimeoutMs?: number;
  now?: () => Date;
}

export function callsRoute(deps: CallsDependencies): Route {
  return {
    name: "calls",
    methods: ["POST"],
    authLevel: "function",
    maxBodyBytes: CALLS_MAX_BODY_BYTES,
    async handle(request, { log }) {
      const body = readJsonBody(request, CALLS_MAX_BODY_BYTES, ["application/json"]);
      if (!body.ok) return body.response;
      const parsed = parseOutboundCallRequest(body.value);
      if (!parsed.ok) return errorResponse(400, "invalid-request", parsed.message);
      if (deps.callerId === undefined) {
        return errorResponse(503, "outbound-calls-disabled", "outbound calls need the ACS_CALLER_ID setting");
      }

      const to = maskPhoneNumber(parsed.request.to);
      const now = deps.now ?? (() => new Date());
      const audit = async (outcome: string, callConnectionId?: string) => {
        try {
          await deps.audit.write(
            auditEntry({
              at: now(),
              actor: "api",
              action: "outbound-call",
              destination: parsed.request.to,
              outcome,
              callConnectionId,
            }),
          );
        } catch (error) {
          log.error("writing the audit record failed", {
            error: errorLabel(error),
          });
        }
      };
      const decision = checkDestination(deps.destinations, parsed.request.to);
      if (!decision.allowed) {
        log.warn("outbound call refused: destination not allowed", { to, reason: decision.reason });
        await audit(`refused:${decision.reason}`);
        return errorResponse(
          403,
          "destination-not-allowed",
          "this number is not an allowed destination (ALLOWED_DESTINATIONS)",
        );
      }
      let take: Awaited<ReturnType<OutboundLimits["take"]>>;
      try {
        take = await deps.limits.take(parsed.request.to, now());
      } catch (error) {
        log.error("the outbound call limits are unavailable", {
          error: errorLabel(error),
        });
        return { ...errorResponse(503, "limits-unavailable", "try again"), headers: { "retry-after": "5" } };
      }
      if (take !== "taken") {
        log.warn("outbound call refused: hourly cap", { to, cap: take });
        await audit(`refused:${take}`);
        return {
          ...errorResponse(429, take, "too many outbound calls this hour"),
          headers: { "retry-after": "600" },
        };
      }
      let ticket: string;
      try {
        ticket = await deps.tickets.issue(undefined, now());
      } catch (error) {
        log.error("issuing the call ticket failed", {
          error: errorLabel(error),
        });
        return { ...errorResponse(503, "tickets-unavailable", "try again"), headers: { "retry-after": "5" } };
      }
      const urls = deps.legUrls(ticket);
      let callConnectionId: string;
      let serverCallId: string | undefined;
      try {
        ({ callConnectionId, serverCallId } = await deps.callAutomation.createCall(
          { phoneNumber: parsed.request.to, callerId: deps.callerId },
          urls.callbackUrl,
          {
            mediaStreamingOptions: urls.mediaStreamingOptions,
            abortSignal: AbortSignal.timeout(deps.createCallTimeoutMs ?? DEFAULT_CREATE_CALL_TIMEOUT_MS),
            ...(parsed.request.operationContext === undefined
              ? {}
              : { operationContext: parsed.request.operationContext }),
          },
        ));
      } catch (error) {
        const failure = classifyAcsError(error);
        await audit(`failed:${failure.code}`);
        log.warn("placing the outbound call failed", {
          to,
          code: failure.code,
          statusCode: failure.statusCode,
          subCode: failure.subCode,
        });
        return failure.retryable
          ? {
              ...errorResponse(503, failure.code, "ACS is unavailable; try again"),
              headers: { "retry-after": "5" },
            }
          : errorResponse(502, failure.code, "ACS refused to place the call");
      }

      log.info("outbound call placed", { to, callConnectionId });
      await audit("placed", callConnectionId);
      try {
        await deps.tickets.bind(ticket, callConnectionId);
        await deps.callRecords.apply({
          callConnectionId,
          state: "created",
          direction: "outbound",
          event: "CreateCallAccepted",
          at: now(),
        });
      } catch (error) {
        log.error("recording the outbound call failed", {
          callConnectionId,
          error: errorLabel(error),
        });
      }
      return jsonResponse(202, { callConnectionId, serverCallId });
    },
  };
}
