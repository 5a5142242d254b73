// POST /api/calls/{callConnectionId}/actions: a supervisor's hang up, transfer or whisper, routed through
// Web PubSub to the worker replica that owns the call; answers once that worker has acknowledged it.
import type { ActionDispatcher } from "../control-plane/action-dispatcher.js";
import { supervisorActionSchema } from "../control-plane/control-messages.js";
import { CALL_CONNECTION_ID_PATTERN } from "../control-plane/groups.js";
import { readJsonBody } from "../http/json-body.js";
import { errorResponse, jsonResponse } from "../http/responses.js";
import type { Route } from "../http/route.js";
import { checkMonitorAccess, type MonitorAccess } from "./monitor-auth.js";

export const ACTIONS_MAX_BODY_BYTES = 8 * 1024;
const PATH = /\/calls\/([^/]+)\/actions\/?$/i;

export function actionsRoute(deps: { access: MonitorAccess; dispatch: ActionDispatcher | undefined }): Route {
  return {
    name: "callActions",
    route: "calls/{callConnectionId}/actions",
    methods: ["POST"],
    authLevel: "function",
    maxBodyBytes: ACTIONS_MAX_BODY_BYTES,
    async handle(request, { log }) {
      const refused = checkMonitorAccess(deps.access, request);
      if (refused) return refused;
      const callConnectionId = callIdFrom(request.url);
      if (callConnectionId === undefined) {
        return errorResponse(400, "invalid-call-id", "the path must name a call connection id");
      }
      const body = readJsonBody(request, ACTIONS_MAX_BODY_BYTES, ["application/json"]);
      if (!body.ok) return body.response;
      const action = supervisorActionSchema.safeParse(body.value);
      if (!action.success) {
        return errorResponse(400, "invalid-action", describeActionIssue(action.error.issues[0]));
      }
      if (deps.dispatch === undefined) {
        return errorResponse(
          503,
          "web-pubsub-not-configured",
          "set WEB_PUBSUB_ENDPOINT or a connection string",
        );
      }
      const outcome = await deps.dispatch(callConnectionId, action.data);
      log.info("supervisor action", { callConnectionId, action: action.data.type, outcome: outcome.kind });
      switch (outcome.kind) {
        case "acknowledged":
          return outcome.ack.ok
            ? jsonResponse(200, { status: "done", action: action.data.type, actionId: outcome.ack.actionId })
            : errorResponse(
                409,
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
