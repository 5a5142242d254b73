// POST /api/calls/{callConnectionId}/actions: a supervisor's hang up, transfer or whisper, routed through
// Web PubSub to the worker replica that owns the call; answers once that worker has acknowledged it.
// Every decided action is logged with who asked (the audit trail), the action and the masked target.
import {
  CALL_CONNECTION_ID_PATTERN,
  maskIdentifier,
  type SupervisorAction,
  supervisorRequestSchema,
} from "@acs-voice/shared";
import type { ActionDispatcher } from "../control-plane/action-dispatcher.js";
import { readJsonBody } from "../http/json-body.js";
import { errorResponse, jsonResponse } from "../http/responses.js";
import type { Route } from "../http/route.js";
import { authorizeMonitor, type MonitorAccess } from "./monitor-auth.js";
import { WhisperRateLimit } from "./whisper-rate-limit.js";

export const ACTIONS_MAX_BODY_BYTES = 8 * 1024;
const PATH = /\/calls\/([^/]+)\/actions\/?$/i;

export function actionsRoute(deps: {
  access: MonitorAccess;
  dispatch: ActionDispatcher | undefined;
  whispers?: WhisperRateLimit;
}): Route {
  const whispers = deps.whispers ?? new WhisperRateLimit();
  return {
    name: "callActions",
    route: "calls/{callConnectionId}/actions",
    methods: ["POST"],
    // Anonymous to the Functions host: in Azure, App Service authentication guards this path and the
    // handler checks the Calls.Act role; no function key, so none has to travel in the page's URL.
    authLevel: "anonymous",
    maxBodyBytes: ACTIONS_MAX_BODY_BYTES,
    async handle(request, { log }) {
      const access = authorizeMonitor(deps.access, request, "act");
      if (!access.ok) {
        if (access.supervisor !== undefined) {
          log.warn("supervisor action refused", {
            principal: access.supervisor.name,
            status: access.response.status,
          });
        }
        return access.response;
      }
      const principal = access.supervisor.name;
      const callConnectionId = callIdFrom(request.url);
      if (callConnectionId === undefined) {
        return errorResponse(400, "invalid-call-id", "the path must name a call connection id");
      }
      const body = readJsonBody(request, ACTIONS_MAX_BODY_BYTES, ["application/json"]);
      if (!body.ok) return body.response;
      const parsed = supervisorRequestSchema.safeParse(body.value);
      if (!parsed.success) {
        return errorResponse(400, "invalid-action", describeActionIssue(parsed.error.issues[0]));
      }
      const action = parsed.data;
      const audit = { principal, action: action.type, callConnectionId, target: targetOf(action) };
      if (action.type === "whisper") {
        const allowed = whispers.take(principal);
        if (!allowed.ok) {
          log.warn("supervisor action", { ...audit, outcome: "rate-limited" });
          const seconds = Math.max(1, Math.ceil(allowed.retryAfterMs / 1000));
          return {
            ...errorResponse(429, "rate-limited", `too many whispers: try again in ${seconds} s`),
            headers: { "retry-after": String(seconds) },
          };
        }
      }
      if (deps.dispatch === undefined) {
        return errorResponse(
          503,
          "web-pubsub-not-configured",
          "set WEB_PUBSUB_ENDPOINT or a connection string",
        );
      }
      const outcome = await deps.dispatch(callConnectionId, action, principal);
      const result =
        outcome.kind === "acknowledged"
          ? outcome.ack.ok
            ? "done"
            : (outcome.ack.code ?? "failed")
          : outcome.kind;
      log.info("supervisor action", { ...audit, outcome: result });
      switch (outcome.kind) {
        case "acknowledged":
          return outcome.ack.ok
            ? jsonResponse(200, { status: "done", action: action.type, actionId: outcome.ack.actionId })
            : errorResponse(
                // A destination outside ALLOWED_DESTINATIONS is forbidden, not a conflict of state.
                outcome.ack.code === "destination-not-allowed" ? 403 : 409,
                outcome.ack.code ?? "action-failed",
                outcome.ack.message ?? "the worker could not carry out the action",
              );
        case "no-owner":
          return errorResponse(
            404,
            "call-not-found",
            "no worker owns this call (it ended or never connected)",
          );
        case "timeout":
          return errorResponse(504, "no-ack", "the worker did not acknowledge the action in time");
        case "unavailable":
          return errorResponse(503, "web-pubsub-unavailable", "the action could not be sent");
      }
    },
  };
}

/** Whom the action reaches beyond the call itself: a transfer's number, masked; nothing for the others. */
function targetOf(action: SupervisorAction): string | undefined {
  if (action.type !== "transfer") return undefined;
  return action.target === undefined ? "configured-number" : maskIdentifier(action.target);
}

function callIdFrom(url: URL): string | undefined {
  const raw = PATH.exec(url.pathname)?.[1];
  if (raw === undefined) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  return CALL_CONNECTION_ID_PATTERN.test(id) ? id : undefined;
}

/** A fixed message per kind of problem: zod's own messages can quote the input (e.g. unknown key names). */
function describeActionIssue(issue: { code: string; path: PropertyKey[] } | undefined): string {
  const field = issue?.path.map(String).join(".") || "body";
  switch (issue?.code) {
    case "unrecognized_keys":
      return "the body has fields the action does not take";
    case "invalid_type":
      return `${field} is missing or of the wrong type`;
    case "invalid_union":
    case "invalid_value":
      return 'type must be "hangUp", "transfer" or "whisper"';
    case "too_big":
      return `${field} is too long`;
    default:
      return `${field} is invalid`;
  }
}
