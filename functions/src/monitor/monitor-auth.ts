// Who may use the monitor routes. In Azure they are `function`-level routes: the platform checks the
// function key before our code runs. Outside Azure nothing checks keys, so a local token (MONITOR_TOKEN)
// is required: `Authorization: Bearer <token>`, or `?token=` for the page itself (a link you can open).
import { createHash, timingSafeEqual } from "node:crypto";
import { errorResponse } from "../http/responses.js";
import type { RouteRequest, RouteResponse } from "../http/route.js";

export interface MonitorAccess {
  monitorToken: string | undefined;
  requireMonitorToken: boolean;
}

/**
 * `undefined` when the request may proceed, otherwise the response to send. Only the page itself takes the
 * token from the query (a link you can open); the API routes take the header alone, so the token does not
 * end up in access logs for them.
 */
export function checkMonitorAccess(
  access: MonitorAccess,
  request: RouteRequest,
  options: { queryToken?: boolean } = {},
): RouteResponse | undefined {
  if (access.monitorToken === undefined) {
    return access.requireMonitorToken
      ? errorResponse(503, "monitor-disabled", "set MONITOR_TOKEN to use the monitor outside Azure")
      : undefined;
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.header("authorization") ?? "")?.[1];
  const presented =
    bearer ?? (options.queryToken ? request.url.searchParams.get("token") : null) ?? undefined;
  if (presented !== undefined && sameSecret(presented, access.monitorToken)) return undefined;
  return {
    ...errorResponse(401, "unauthorized", "the monitor token is missing or wrong"),
    headers: { "www-authenticate": 'Bearer realm="monitor"' },
  };
}

/** Constant-time comparison of digests, so neither content nor length leaks through timing. */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
