// POST /api/calls: place an outbound call to a phone number, with the same media leg as answered calls.

import { maskPhoneNumber } from "@acs-voice/shared";
import type { MediaStreamingOptions } from "@azure/communication-call-automation";
import type { CallAutomation } from "../acs/call-automation.js";
import { classifyAcsError } from "../acs/classify-acs-error.js";
import type { CallRecords } from "../callbacks/call-records.js";
import { readJsonBody } from "../http/json-body.js";
import { errorResponse, jsonResponse } from "../http/responses.js";
import type { Route } from "../http/route.js";
import { parseOutboundCallRequest } from "./outbound-call-request.js";

export const CALLS_MAX_BODY_BYTES = 16 * 1024;
export const DEFAULT_CREATE_CALL_TIMEOUT_MS = 10_000;

export interface CallsDependencies {
  callAutomation: CallAutomation;
  callRecords: CallRecords;
  callerId: string | undefined;
  callbackUrl: string;
  mediaStreamingOptions: MediaStreamingOptions;
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
      let callConnectionId: string;
      let serverCallId: string | undefined;
      try {
        ({ callConnectionId, serverCallId } = await deps.callAutomation.createCall(
          { phoneNumber: parsed.request.to, callerId: deps.callerId },
          deps.callbackUrl,
          {
            mediaStreamingOptions: deps.mediaStreamingOptions,
            abortSignal: AbortSignal.timeout(deps.createCallTimeoutMs ?? DEFAULT_CREATE_CALL_TIMEOUT_MS),
            ...(parsed.request.operationContext === undefined
              ? {}
              : { operationContext: parsed.request.operationContext }),
          },
        ));
      } catch (error) {
        const failure = classifyAcsError(error);
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
      try {
        await deps.callRecords.apply({
          callConnectionId,
          state: "created",
          direction: "outbound",
          event: "CreateCallAccepted",
          at: (deps.now ?? (() => new Date()))(),
        });
      } catch (error) {
        log.error("recording the outbound call failed", {
          callConnectionId,
          error: error instanceof Error ? error.name : typeof error,
        });
      }
      return jsonResponse(202, { callConnectionId, serverCallId });
    },
  };
}
