// GET /api/monitor/negotiate: a client access URL for the monitor page. The token joins the `monitor`
// group on connect and grants no role, so the page can only listen (it cannot send or join other groups).
// The answer also names the signed-in supervisor and whether they may act, so the page can say who is
// watching and offer the actions only to those who hold the role.
import { randomUUID } from "node:crypto";
import { errorLabel, MONITOR_GROUP } from "@acs-voice/shared";
import { errorResponse, jsonResponse } from "../http/responses.js";
import type { Route } from "../http/route.js";
import { authorizeMonitor, type MonitorAccess } from "./monitor-auth.js";

export interface MonitorTokenService {
  getClientAccessToken(options: {
    userId: string;
    roles: string[];
    groups: string[];
    expirationTimeInMinutes: number;
  }): Promise<{ url: string }>;
}

export const MONITOR_TOKEN_MINUTES = 60;

export function negotiateRoute(deps: {
  access: MonitorAccess;
  service: MonitorTokenService | undefined;
  newId?: () => string;
}): Route {
  const newId = deps.newId ?? randomUUID;
  return {
    name: "monitorNegotiate",
    route: "monitor/negotiate",
    methods: ["GET"],
    // In Azure, App Service authentication guards this path (see actions-route.ts).
    authLevel: "anonymous",
    maxBodyBytes: 0,
    async handle(request, { log }) {
      const access = authorizeMonitor(deps.access, request, "read");
      if (!access.ok) return access.response;
      if (deps.service === undefined) {
        return errorResponse(
          503,
          "web-pubsub-not-configured",
          "set WEB_PUBSUB_ENDPOINT or a connection string",
        );
      }
      try {
        const token = await deps.service.getClientAccessToken({
          userId: `monitor-${newId()}`,
          roles: [],
          groups: [MONITOR_GROUP],
          expirationTimeInMinutes: MONITOR_TOKEN_MINUTES,
        });
        return jsonResponse(
          200,
          { url: token.url, supervisor: access.supervisor.name, canAct: access.supervisor.canAct },
          { "cache-control": "no-store" },
        );
      } catch (error) {
        log.warn("monitor negotiate failed", { error: errorLabel(error) });
        return errorResponse(503, "web-pubsub-unavailable", "Web PubSub did not issue a token");
      }
    },
  };
}
