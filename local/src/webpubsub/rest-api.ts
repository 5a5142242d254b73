// The data-plane REST API that `WebPubSubServiceClient` calls (api-version 2024-12-01 and earlier):
// send to all/group/connection, connection group membership, existence checks, closing connections and
// minting client tokens. Every request carries a per-request HS256 JWT whose audience is the request
// URL; anything else is a 401 before any route runs. Not emulated, because no product path calls them:
// user operations (`users/…`), REST permission grants and OData `filter`s (refused with 400, rather than
// ignored, so that a send never reaches more clients than asked).
import { bearerToken, signClientToken, verifyAccessToken } from "./access-token.js";
import type { ClientSession } from "./client-session.js";
import type { Hub } from "./hub.js";
import type { HubRegistry } from "./hub-registry.js";
import { payloadFromBody } from "./rest-body.js";

export interface RestApiDeps {
  hubs: HubRegistry;
  accessKey: string;
  /** http://127.0.0.1:N, the origin the SDK addresses (and signs as the audience). */
  baseUrl: () => string;
  now: () => number;
  closeSession: (session: ClientSession, reason: string) => void;
}

export interface RestRequest {
  method: string;
  /** Path and query exactly as received. */
  target: string;
  contentType: string | undefined;
  authorization: string | undefined;
  body: Buffer;
}

export interface RestResponse {
  status: number;
  json?: unknown;
}

const ok = (status: number, json?: unknown): RestResponse => ({ status, json });
const fail = (status: number, code: string, message: string): RestResponse => ({
  status,
  json: { code, message },
});

export async function handleRestRequest(deps: RestApiDeps, request: RestRequest): Promise<RestResponse> {
  const url = new URL(request.target, deps.baseUrl());
  const segments = url.pathname.split("/").slice(1).map(safeDecode);
  if (segments.some((segment) => segment === undefined)) return fail(400, "BadRequest", "Malformed path.");
  const path = segments as string[];

  if (path[0] !== "api") return fail(404, "NotFound", "Unknown path.");
  // The audience is the full request URL as the SDK signs it; the URL without its query is accepted too.
  const audiences = [`${deps.baseUrl()}${request.target}`, `${deps.baseUrl()}${url.pathname}`];
  const auth = await verifyAccessToken(
    bearerToken(request.authorization),
    deps.accessKey,
    audiences,
    deps.now(),
  );
  if (!auth.ok) return fail(401, "Unauthorized", `Access token rejected (${auth.reason}).`);

  if (path[1] === "health" && path.length === 2) return ok(200);
  if (path[1] !== "hubs" || path[2] === undefined) return fail(404, "NotFound", "Unknown path.");
  const hub = deps.hubs.get(path[2]);
  if (!hub) return fail(404, "NotFound", "Unknown or invalid hub.");
  return route(deps, hub, request, url, path.slice(3));
}

async function route(
  deps: RestApiDeps,
  hub: Hub,
  request: RestRequest,
  url: URL,
  rest: string[],
): Promise<RestResponse> {
  const method = request.method.toUpperCase();
  const query = url.searchParams;
  const [, id, , leaf, extra] = rest;
  if (extra !== undefined) return fail(404, "NotFound", "Unknown path.");
  const key = routeKey(method, rest);

  switch (key) {
    case "POST :send":
      return send(request, query, hub, hub.sessions.values());
    case "POST :closeConnections":
      return closeAll(deps, hub.sessions.values(), query);
    case "POST :generateToken":
      return generateToken(deps, hub, query);
    case "HEAD connections/{}":
      return ok(hub.sessions.has(id ?? "") ? 200 : 404);
    case "DELETE connections/{}": {
      const session = hub.sessions.get(id ?? "");
      if (session) deps.closeSession(session, query.get("reason") ?? "Closed by the server.");
      return ok(204);
    }
    case "POST connections/{}/:send": {
      const session = hub.sessions.get(id ?? "");
      return send(request, query, hub, session ? [session] : []);
    }
    case "DELETE connections/{}/groups": {
      const session = hub.sessions.get(id ?? "");
      for (const group of session ? [...session.groups] : []) if (session) hub.leave(session, group);
      return ok(204);
    }
    case "HEAD groups/{}":
      return ok(hub.groupSessions(id ?? "").length > 0 ? 200 : 404);
    case "POST groups/{}/:closeConnections":
      return closeAll(deps, hub.groupSessions(id ?? ""), query);
    case "POST groups/{}/:send":
      return send(request, query, hub, hub.groupSessions(id ?? ""));
    case "GET groups/{}/connections":
      return ok(200, {
        value: hub.groupSessions(id ?? "").map((s) => ({ connectionId: s.connectionId, userId: s.userId })),
      });
    case "PUT groups/{}/connections/{}":
    case "DELETE groups/{}/connections/{}": {
      const session = hub.sessions.get(leaf ?? "");
      if (method === "DELETE") {
        if (session) hub.leave(session, id ?? "");
        return ok(204);
      }
      if (!session) return fail(404, "NotFound", "The connection does not exist.");
      hub.join(session, id ?? "");
      return ok(200);
    }
    default:
      return fail(404, "NotFound", "Unknown operation.");
  }
}

/** `PUT groups/{}/connections/{}`: the route with its names kept and its ids (odd positions) as `{}`. */
function routeKey(method: string, segments: readonly string[]): string {
  return `${method} ${segments.map((segment, i) => (i % 2 === 1 ? "{}" : segment)).join("/")}`;
}

function send(
  request: RestRequest,
  query: URLSearchParams,
  hub: Hub,
  targets: Iterable<ClientSession>,
): RestResponse {
  const body = payloadFromBody(request.contentType, request.body);
  if (!body.ok)
    return fail(body.status, body.status === 415 ? "UnsupportedMediaType" : "BadRequest", body.reason);
  if ((query.get("filter") ?? "").trim() !== "")
    return fail(400, "BadRequest", "Unsupported filter: filters are not emulated.");
  hub.send(targets, { from: "server", ...body.payload }, { excluded: new Set(query.getAll("excluded")) });
  return ok(202);
}

function closeAll(deps: RestApiDeps, targets: Iterable<ClientSession>, query: URLSearchParams): RestResponse {
  const excluded = new Set(query.getAll("excluded"));
  const reason = query.get("reason") ?? "Closed by the server.";
  for (const session of [...targets])
    if (!excluded.has(session.connectionId)) deps.closeSession(session, reason);
  return ok(204);
}

async function generateToken(deps: RestApiDeps, hub: Hub, query: URLSearchParams): Promise<RestResponse> {
  const minutes = Number(query.get("minutesToExpire") ?? "60");
  if (!Number.isFinite(minutes) || minutes <= 0)
    return fail(400, "BadRequest", "minutesToExpire must be positive.");
  const token = await signClientToken(deps.accessKey, {
    audience: `${deps.baseUrl()}/client/hubs/${hub.name}`,
    userId: query.get("userId") ?? undefined,
    roles: query.getAll("role"),
    groups: query.getAll("group"),
    expiresInSec: Math.round(minutes * 60),
    nowMs: deps.now(),
  });
  return ok(200, { token });
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
