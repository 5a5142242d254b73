// Serves a Functions route table on node:http, the way the Functions host would: routes under /api,
// case-insensitive names, bounded body reads, and a key on every `function` route (as Azure's function
// keys: `?code=` or `x-functions-key`), so no route that is keyed in Azure is open on a developer's
// machine behind a tunnel.
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import {
  errorResponse,
  type Logger,
  methodNotAllowed,
  ROUTE_PREFIX,
  type Route,
  type RouteResponse,
} from "@acs-voice/functions/app";
import { errorLabel } from "@acs-voice/shared";

const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

export function createRouteServer(routes: readonly Route[], log: Logger, functionKey: string): Server {
  // As in Azure, a route with a template is served at its template only, not at its name.
  const byName = new Map(
    routes.filter((route) => route.route === undefined).map((route) => [route.name.toLowerCase(), route]),
  );
  const templated = routes.filter((route) => route.route !== undefined);
  const find = (path: string) => byName.get(path) ?? templated.find((route) => matchesTemplate(route, path));
  const server = createServer((request, response) => {
    void serve(find, request, response, log, functionKey);
  });
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  return server;
}

/** `calls/{id}/actions` matches `calls/abc/actions`: literal segments case-insensitively, `{…}` any one segment. */
function matchesTemplate(route: Route, path: string): boolean {
  const template = (route.route ?? "").toLowerCase().split("/");
  const segments = path.split("/");
  return (
    template.length === segments.length &&
    template.every((part, i) => (/^\{\w+\}$/.test(part) ? (segments[i] ?? "") !== "" : part === segments[i]))
  );
}

async function serve(
  findRoute: (path: string) => Route | undefined,
  request: IncomingMessage,
  response: ServerResponse,
  log: Logger,
  functionKey: string,
): Promise<void> {
  const url = new URL(request.url ?? "/", `http://${request.headers.host ?? "127.0.0.1"}`);
  const method = (request.method ?? "GET").toUpperCase();
  const prefix = `${ROUTE_PREFIX}/`;
  const name = url.pathname.toLowerCase().startsWith(prefix)
    ? url.pathname.slice(prefix.length).toLowerCase()
    : "";
  const route = findRoute(name.replace(/\/+$/, ""));
  try {
    if (route === undefined) {
      return send(response, errorResponse(404, "not-found", "no such function"));
    }
    if (!route.methods.includes(method as Route["methods"][number])) {
      return send(response, methodNotAllowed(route.methods));
    }
    if (route.authLevel === "function" && !hasKey(request, url, functionKey)) {
      log.warn("request refused: no function key", { route: route.name });
      return send(
        response,
        errorResponse(401, "unauthorized", "this function needs its key (?code= or x-functions-key)"),
      );
    }
    const { body, truncated } = await readBounded(request, route.maxBodyBytes + 1);
    const result = await route.handle(
      {
        method,
        url,
        header: (headerName) => headerValue(request, headerName),
        body,
      },
      { log },
    );
    // The unread rest of an oversized body is not worth draining: close the connection after replying.
    send(response, result, truncated);
  } catch (error) {
    log.error("unhandled error", {
      route: route?.name,
      error: errorLabel(error),
    });
    if (!response.headersSent) {
      send(response, errorResponse(500, "internal-error", "internal error"), true);
    } else {
      response.destroy();
    }
  }
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** Reads at most `limit` bytes; `truncated` tells the caller that more was on the way. */
function readBounded(
  request: IncomingMessage,
  limit: number,
): Promise<{ body: Uint8Array; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const finish = (truncated: boolean) => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onError);
      if (truncated) request.pause();
      resolve({ body: Buffer.concat(chunks, Math.min(total, limit)), truncated });
    };
    const onData = (chunk: Buffer) => {
      const room = limit - total;
      chunks.push(chunk.byteLength > room ? chunk.subarray(0, room) : chunk);
      total += Math.min(chunk.byteLength, room);
      if (total >= limit) finish(true);
    };
    const onEnd = () => finish(false);
    const onError = (error: Error) => reject(error);
    request.on("data", onData);
    request.once("end", onEnd);
    request.once("error", onError);
  });
}

function send(response: ServerResponse, result: RouteResponse, closeConnection = false): void {
  const headers: Record<string, string> = { ...result.headers };
  if (closeConnection) headers.connection = "close";
  if (result.json === undefined) {
    response.writeHead(result.status, headers).end(result.text ?? result.bytes);
    return;
  }
  const text = JSON.stringify(result.json);
  headers["content-type"] = "application/json; charset=utf-8";
  response.writeHead(result.status, headers).end(text);
}

function hasKey(request: IncomingMessage, url: URL, functionKey: string): boolean {
  const header = request.headers["x-functions-key"];
  const given = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get("code") ?? "";
  const a = Buffer.from(given);
  const b = Buffer.from(functionKey);
  return a.length === b.length && timingSafeEqual(a, b);
}
