// POST /api/callbacks: mid-call events from ACS, accepted only with a valid ACS token.
import type { AcsTokenVerifier } from "@acs-voice/shared";
import { readJsonBody } from "../http/json-body.js";
import { errorResponse, jsonResponse } from "../http/responses.js";
import type { Route } from "../http/route.js";
import type { MediaRescue } from "../rescue/media-rescue.js";
import type { CallEvent } from "./call-event.js";
import { parseCallbackBatch } from "./call-event.js";
import type { CallEventSink } from "./call-event-sink.js";
import type { CallRecords, CallState } from "./call-records.js";

export const CALLBACKS_MAX_BODY_BYTES = 256 * 1024;

export interface CallbacksDependencies {
  verifyAcsToken: AcsTokenVerifier;
  callRecords: CallRecords;
  events: CallEventSink;
  /** Acts for a call whose media failed (no worker serves it); none: such calls are left to ACS. */
  rescue?: MediaRescue;
  now?: () => Date;
}

const STATE_AFTER_EVENT: Readonly<Record<string, CallState>> = {
  CallConnected: "connected",
  CallDisconnected: "disconnected",
  AnswerFailed: "failed",
  CreateCallFailed: "failed",
  ConnectFailed: "failed",
};

export function callbacksRoute(deps: CallbacksDependencies): Route {
  const now = deps.now ?? (() => new Date());
  return {
    name: "callbacks",
    methods: ["POST"],
    // ACS cannot send a function key; the ACS JWT is the authentication.
    authLevel: "anonymous",
    maxBodyBytes: CALLBACKS_MAX_BODY_BYTES,
    async handle(request, { log }) {
      const token = await deps.verifyAcsToken(request.header("authorization"));
      if (!token.ok) {
        log.warn("callback refused", { reason: token.reason });
        return {
          ...errorResponse(401, "unauthorized", "a valid ACS bearer token is required"),
          headers: { "www-authenticate": 'Bearer realm="acs-callbacks"' },
        };
      }

      const body = readJsonBody(request, CALLBACKS_MAX_BODY_BYTES);
      if (!body.ok) return body.response;
      const batch = parseCallbackBatch(body.value);
      if (!batch.ok) return errorResponse(400, "invalid-callback", batch.reason);

      let recordFailures = 0;
      for (const event of batch.events) {
        // The live path first: whoever owns the call hears about it even if storage is down.
        await deps.events.publish(event);
        try {
          await deps.callRecords.apply({
            callConnectionId: event.callConnectionId,
            state: STATE_AFTER_EVENT[event.type],
            event: event.type,
            at: eventTime(event, now),
            correlationId: event.correlationId,
          });
        } catch (error) {
          recordFailures += 1;
          log.error("updating the call record failed", {
            callConnectionId: event.callConnectionId,
            event: event.type,
            error: error instanceof Error ? error.name : typeof error,
          });
        }
        log.info("call event", {
          callConnectionId: event.callConnectionId,
          event: event.type,
          resultCode: event.resultCode,
          resultSubCode: event.resultSubCode,
        });
        // Never a reason to fail the callback: a redelivery would repeat the step.
        await deps.rescue?.handle(event, log);
      }
      if (batch.ignoredTypes.length > 0)
        log.info("callback events ignored", { count: batch.ignoredTypes.length });
      if (recordFailures > 0) return errorResponse(503, "call-records-unavailable", "try again later");
      return jsonResponse(200, { accepted: batch.events.length, ignored: batch.ignoredTypes.length });
    },
  };
}

function eventTime(event: CallEvent, now: () => Date): Date {
  const parsed = event.time === undefined ? Number.NaN : Date.parse(event.time);
  return Number.isNaN(parsed) ? now() : new Date(parsed);
}
