import type { Route, RouteRequest, RouteResponse } from "../../src/http/route.js";
import { type LogFields, type Logger, silentLogger } from "../../src/logging/logger.js";

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

export interface LoggedLine {
  level: "info" | "warn" | "error";
  message: string;
  fields: LogFields | undefined;
}

/** Calls the route with a logger that keeps every line, as a log sink would receive it. */
export async function callLogged(
  route: Route,
  req: RouteRequest,
): Promise<{ response: RouteResponse; lines: LoggedLine[] }> {
  const lines: LoggedLine[] = [];
  const entry = (level: LoggedLine["level"]) => (message: string, fields?: LogFields) =>
    lines.push({ level, message, fields });
  const log: Logger = { info: entry("info"), warn: entry("warn"), error: entry("error") };
  const response = await route.handle(req, { log });
  return { response, lines };
}
