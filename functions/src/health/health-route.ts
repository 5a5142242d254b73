import type { Route } from "../http/route.js";

/** GET /api/health: the app is loaded and configured (a misconfigured app answers 503 instead). */
export function healthRoute(): Route {
  return {
    name: "health",
    methods: ["GET"],
    authLevel: "anonymous",
    maxBodyBytes: 0,
    async handle() {
      return { status: 200, json: { status: "ok" } };
    },
  };
}
