// POST /api/callbacks: mid-call events from ACS, accepted only with a valid ACS token.
import { type AcsTokenVerifier, type CallAutomationEvent, errorLabel } from "@acs-voice/shared";
import { readJsonBody } from "../http/json-body.js";
import { errorResponse, jsonResponse } from "../http/responses.js";
import type { Route } from "../http/route.js";
import type { MediaRescue } from "../rescue/media-rescue.js";
import type { CallTickets } from "../tickets/call-tickets.js";
import { parseCallbackBatch } from "./call-event.js";
import type { CallEventSink } from "./call-event-sink.js";
import type { CallRecords, CallState } from "./call-records.js";

export const CALLBACKS_MAX_BODY_BYTES = 256 * 1024;

/** ACS signs each callback as it sends it: an older token is a replay. */
export const CALLBACK_TOKEN_MAX_AGE_MS = 5 * 60_000;
/** Allowed clock difference between ACS and this app. */
const CLOCK_SKEW_MS = 60_000;

export interface CallbacksDependencies {
  verifyAcsToken: AcsTokenVerifier;
  /** The call's ticket is the last path segment of its callback URL; events of other calls are refused. */
  tickets: CallTickets;
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
    route: "callbacks/{ticket}",
    methods: ["POST"],
    // ACS cannot send a function key; the ACS JWT is the authentication.
    authLevel: "anonymous",
    maxBodyBytes: CALLBACKS_MAX_BODY_BYTES,
    async handle(request, { log }) {
      const refuse = (reason: string) => {
        log.warn("callback refused", { reason });
        return {
          ...errorResponse(401, "unauthorized", "a valid ACS bearer token and call ticket are required"),
          headers: { "www-authenticate": 'Bearer realm="acs-callbacks"' },
        };
      };
      const token = await deps.verifyAcsToken(request.header("authorization"));
      if (!token.ok) return refuse(token.reason);
      const issuedAtSec = token.claims.iat;
      if (typeof issuedAtSec !== "number") return refuse("no-issued-at");
      const ageMs = now().getTime() - issuedAtSec * 1000;
      if (ageMs > CALLBACK_TOKEN_MAX_AGE_MS || ageMs < -CLOCK_SKEW_MS) return refuse("stale-token");

      const ticket = decodeURIComponent(request.url.pathname.split("/").at(-1) ?? "");
      const bound = await deps.tickets.find(ticket);
      if (!bound) return refuse("unknown-ticket");

      const body = readJsonBody(request, CALLBACKS_MAX_BODY_BYTES);
      if (!body.ok) return body.response;
      const batch = parseCallbackBatch(body.value);
      if (!batch.ok) return errorResponse(400, "invalid-callback", batch.reason);
      // Every event must be of the ticket's call: a token is valid for any call, the ticket for one.
      const foreign = batch.events.find(
        (event) => bound.callConnectionId !== undefined && event.callConnectionId !== bound.callConnectionId,
      );
      if (foreign) return refuse("call-not-of-ticket");
      const first = batch.events[0];
      if (bound.callConnectionId === undefined && first !== undefined) {
        if (batch.events.some((event) => event.callConnectionId !== first.callConnectionId)) {
          return refuse("call-not-of-ticket");
        }
        // The answer's own write did not land (or not yet): the verified callback binds the ticket.
        await deps.tickets.bind(ticket, first.callConnectionId).catch(() => undefined);
      }

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
            error: errorLabel(error),
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

function eventTime(event: CallAutomationEvent, now: () => Date): Date {
  const parsed = event.time === undefined ? Number.NaN : Date.parse(event.time);
  return Number.isNaN(parsed) ? now() : new Date(parsed);
}
