// Our own small HTTP model. The Azure Functions adapter and the local dev host both map to it, so the
// route table runs unchanged in both and nothing depends on @azure/functions internals.
import type { Logger } from "../logging/logger.js";

export type HttpMethod = "GET" | "POST" | "OPTIONS";

/** `function`: Azure requires the function key (`?code=` / `x-functions-key`); the dev host does not. */
export type AuthLevel = "anonymous" | "function";

export interface RouteRequest {
  readonly method: string;
  readonly url: URL;
  /** Header lookup, case-insensitive. */
  header(name: string): string | undefined;
  /**
   * The body bytes. Adapters stop reading after `route.maxBodyBytes + 1` bytes, so a body longer than the
   * limit is seen (and refused with 413) without ever being buffered whole.
   */
  readonly body: Uint8Array;
}

export interface RouteResponse {
  status: number;
  headers?: Readonly<Record<string, string>>;
  /** Serialised as JSON with `content-type: application/json`. */
  json?: unknown;
  /** A text body sent as is (a web page); the route sets `content-type` in `headers`. Ignored when `json` is set. */
  text?: string;
  /** A binary body sent as is (audio); the route sets `content-type`. Ignored when `json` or `text` is set. */
  bytes?: Uint8Array;
}

export interface RouteContext {
  readonly log: Logger;
}

export interface Route {
  /** Function name in Azure; also the path under /api unless `route` is given. */
  readonly name: string;
  /**
   * Path template under /api when it differs from the name, Azure style: `calls/{callConnectionId}/actions`.
   * A `{…}` segment matches one non-empty path segment; the handler reads it from `request.url`.
   */
  readonly route?: string;
  readonly methods: readonly HttpMethod[];
  readonly authLevel: AuthLevel;
  readonly maxBodyBytes: number;
  handle(request: RouteRequest, context: RouteContext): Promise<RouteResponse>;
}

/** Mount point of every route, as in Azure Functions' default `routePrefix`. */
export const ROUTE_PREFIX = "/api";
