// CloudEvents 1.0 webhook abuse protection: before delivering, Event Grid sends OPTIONS with
// `WebHook-Request-Origin`; the endpoint consents by echoing it in `WebHook-Allowed-Origin`.
import type { RouteRequest, RouteResponse } from "../http/route.js";

const ORIGIN_PATTERN = /^[a-z0-9.-]{1,253}(?::\d{1,5})?$/i;
export const EVENT_GRID_ORIGIN = "eventgrid.azure.net";

export function webhookHandshake(request: RouteRequest): RouteResponse {
  const requested = request.header("webhook-request-origin")?.trim();
  const origin = requested !== undefined && ORIGIN_PATTERN.test(requested) ? requested : EVENT_GRID_ORIGIN;
  return {
    status: 200,
    headers: { "webhook-allowed-origin": origin, "webhook-allowed-rate": "*", allow: "POST, OPTIONS" },
  };
}
