import type { Route, RouteRequest, RouteResponse } from "../../src/http/route.js";
import { silentLogger } from "../../src/logging/logger.js";

export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): RouteRequest {
  const headers = Object.fromEntries(
    Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  );
  return {
    method: options.method ?? "GET",
    url: new URL(url, "http://127.0.0.1"),
    header: (name) => headers[name.toLowerCase()],
    body: new TextEncoder().encode(options.body ?? ""),
  };
}

export function call(route: Route, req: RouteRequest): Promise<RouteResponse> {
  return route.handle(req, { log: silentLogger });
}
