// Who may use the monitor routes, and who they are. In Azure, App Service authentication (Easy Auth) signs
// supervisors in with Entra ID in front of the app; the app reads the signed-in principal and checks its
// app roles: `Monitor.Read` to watch (page, negotiate), `Calls.Act` to hang up, transfer or whisper. No
// secret is ever in a URL. Outside Azure there is no Easy Auth, so a local token (MONITOR_TOKEN) stands in:
// `Authorization: Bearer <token>`, or `?token=` on the page itself (a link you can open; the page then
// removes it from the address bar and sends it only as a header).
import { createHash, timingSafeEqual } from "node:crypto";
import { errorResponse } from "../http/responses.js";
import type { RouteRequest, RouteResponse } from "../http/route.js";
import { readClientPrincipal } from "./client-principal.js";

export type MonitorAccess =
  /** Outside Azure: the dev host checks nothing else, so the token is required (undefined: 503). */
  | { kind: "local-token"; token: string | undefined }
  /**
   * In Azure: Easy Auth in front of the app. `enabled` comes from the platform (WEBSITE_AUTH_ENABLED); the
   * principal headers are trusted only then, since without Easy Auth anyone could send them.
   */
  | { kind: "app-service-auth"; enabled: boolean };

export const MONITOR_READ_ROLE = "Monitor.Read";
export const CALLS_ACT_ROLE = "Calls.Act";

/** What a route needs: watching calls, or acting on them. */
export type MonitorPermission = "read" | "act";

/** The person behind a monitor request, as named in the audit log and shown on the page. */
export interface Supervisor {
  name: string;
  /** May they act on calls (hang up, transfer, whisper)? */
  canAct: boolean;
}

/** The name local-token requests are logged under: the token is shared, so it names no person. */
export const LOCAL_TOKEN_PRINCIPAL = "local-monitor-token";

export type MonitorAccessDecision =
  | { ok: true; supervisor: Supervisor }
  | { ok: false; response: RouteResponse; supervisor?: Supervisor };

const ROLE_OF: Record<MonitorPermission, string> = { read: MONITOR_READ_ROLE, act: CALLS_ACT_ROLE };

/**
 * Decides a monitor request. Only the page itself takes the local token from the query (a link you can
 * open); the API routes take the header alone, so the token does not end up in access logs for them.
 * A refusal after the person is known (403) carries the supervisor, so the route can log who was refused.
 */
export function authorizeMonitor(
  access: MonitorAccess,
  request: RouteRequest,
  permission: MonitorPermission,
  options: { queryToken?: boolean } = {},
): MonitorAccessDecision {
  if (access.kind === "local-token") {
    if (access.token === undefined) {
      return refuse(503, "monitor-disabled", "set MONITOR_TOKEN to use the monitor outside Azure");
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.header("authorization") ?? "")?.[1];
    const presented =
      bearer ?? (options.queryToken ? request.url.searchParams.get("token") : null) ?? undefined;
    if (presented !== undefined && sameSecret(presented, access.token)) {
      return { ok: true, supervisor: { name: LOCAL_TOKEN_PRINCIPAL, canAct: true } };
    }
    return {
      ok: false,
      response: {
        ...errorResponse(401, "unauthorized", "the monitor token is missing or wrong"),
        headers: { "www-authenticate": 'Bearer realm="monitor"' },
      },
    };
  }
  if (!access.enabled) {
    return refuse(
      503,
      "monitor-auth-off",
      "turn on App Service authentication (set MONITOR_AUTH_CLIENT_ID and provision) to use the monitor in Azure",
    );
  }
  const principal = readClientPrincipal((name) => request.header(name));
  if (principal === undefined) {
    return refuse(401, "unauthorized", "sign in with your organisation account to use the monitor");
  }
  const supervisor = { name: principal.name, canAct: principal.roles.has(CALLS_ACT_ROLE) };
  if (!principal.roles.has(ROLE_OF[permission])) {
    return {
      ok: false,
      supervisor,
      response: errorResponse(403, "forbidden", `this needs the app role ${ROLE_OF[permission]}`),
    };
  }
  return { ok: true, supervisor };
}

function refuse(status: number, code: string, message: string): MonitorAccessDecision {
  return { ok: false, response: errorResponse(status, code, message) };
}

/** Constant-time comparison of digests, so neither content nor length leaks through timing. */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
