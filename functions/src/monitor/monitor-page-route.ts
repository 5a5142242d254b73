// GET /api/monitor: the live monitor page (static HTML; everything live comes over Web PubSub).
import type { Route } from "../http/route.js";
import { authorizeMonitor, type MonitorAccess } from "./monitor-auth.js";
import { MONITOR_PAGE_CSP, MONITOR_PAGE_HTML } from "./monitor-page.js";

export function monitorPageRoute(deps: { access: MonitorAccess }): Route {
  return {
    name: "monitor",
    methods: ["GET"],
    // In Azure, App Service authentication signs the supervisor in before this runs (see actions-route.ts).
    authLevel: "anonymous",
    maxBodyBytes: 0,
    async handle(request) {
      const access = authorizeMonitor(deps.access, request, "read", { queryToken: true });
      if (!access.ok) return access.response;
      return {
        status: 200,
        headers: {
          "content-type": "text/html; charset=utf-8",
          "content-security-policy": MONITOR_PAGE_CSP,
          "cache-control": "no-store",
          "referrer-policy": "no-referrer",
          "x-content-type-options": "nosniff",
        },
        text: MONITOR_PAGE_HTML,
      };
    },
  };
}
