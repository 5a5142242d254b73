import type { RouteResponse } from "./route.js";

/** A JSON error body with a stable machine-readable code and a message safe to show to any client. */
export function errorResponse(status: number, code: string, message: string): RouteResponse {
  return { status, json: { error: { code, message } } };
}

export function jsonResponse(status: number, json: unknown, headers?: Record<string, string>): RouteResponse {
  return headers === undefined ? { status, json } : { status, json, headers };
}

export function methodNotAllowed(allowed: readonly string[]): RouteResponse {
  return {
    status: 405,
    headers: { allow: allowed.join(", ") },
    json: { error: { code: "method-not-allowed", message: `use ${allowed.join(" or ")}` } },
  };
}
