// The Web PubSub emulator: the data-plane REST API of `@azure/web-pubsub` and the client WebSocket
// endpoint of `@azure/web-pubsub-client` (json.webpubsub.azure.v1 and json.reliable.webpubsub.azure.v1,
// including recovery of a dropped reliable connection), on 127.0.0.1, authenticated with the access key.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { signClientToken, verifyAccessToken } from "./access-token.js";
import { type ParsedClientMessage, parseClientMessage } from "./client-messages.js";
import { handleClientRequest } from "./client-requests.js";
import { type ClientProtocol, ClientSession, type SessionState, SUBPROTOCOLS } from "./client-session.js";
import type { Hub } from "./hub.js";
import { HubRegistry } from "./hub-registry.js";
import { handleRestRequest } from "./rest-api.js";
import { disconnectedFrame } from "./server-frames.js";

export interface WebPubSubEmulatorOptions {
  /** The access key (any string; the SDK signs with its UTF-8 bytes). Random by default. */
  accessKey?: string;
  /** Hubs that exist; any valid hub name by default. */
  hubs?: string[];
  /** How long a dropped reliable connection can be recovered; default 60 s. */
  recoveryWindowMs?: number;
  /** Unacknowledged messages kept per reliable connection before it is dropped; default 1000. */
  maxUnackedMessages?: number;
  now?: () => number;
  newConnectionId?: () => string;
}

export type WebPubSubRecord =
  | {
      source: "rest";
      method: string;
      path: string;
      query: Record<string, string[]>;
      contentType: string | undefined;
      /** The body as UTF-8 text (base64 for application/octet-stream). */
      body: string;
      status: number;
      atMs: number;
    }
  | {
      source: "client";
      hub: string;
      connectionId: string;
      /** The parsed request; plain WebSocket clients' frames are `{ type: "raw" }`. */
      message: ParsedClientMessage | { type: "raw"; data: string };
      atMs: number;
    };

export interface WebPubSubConnectionInfo {
  hub: string;
  connectionId: string;
  userId: string | undefined;
  protocol: ClientProtocol;
  state: SessionState;
  groups: string[];
  roles: string[];
  unackedMessages: number;
}

export interface WebPubSubGroupInfo {
  hub: string;
  name: string;
  connectionIds: string[];
}

export interface ClientTokenRequest {
  hub: string;
  userId?: string;
  roles?: string[];
  groups?: string[];
  expiresInSec?: number;
}

export interface WebPubSubEmulator {
  /** http://127.0.0.1:N (no trailing slash). */
  readonly url: string;
  /** What `new WebPubSubServiceClient(endpoint, new AzureKeyCredential(accessKey), hub)` takes (= url). */
  readonly endpoint: string;
  /** Endpoint=http://127.0.0.1:N;AccessKey=…;Version=1.0; */
  readonly connectionString: string;
  readonly accessKey: string;
  /** Every REST request and every client frame, oldest first (bounded to MAX_WEBPUBSUB_RECORDS). */
  readonly received: WebPubSubRecord[];
  connections(hub?: string): WebPubSubConnectionInfo[];
  groups(hub?: string): WebPubSubGroupInfo[];
  /** ws://127.0.0.1:N/client/hubs/<hub> */
  clientUrl(hub: string): string;
  /** A client access token as the server SDK mints it with the key. */
  mintClientToken(request: ClientTokenRequest): Promise<string>;
  /** Cuts a client's socket without a close frame (a network drop); false when it has none. */
  dropConnection(connectionId: string): boolean;
  close(): Promise<void>;
}

export const MAX_WEBPUBSUB_RECORDS = 10_000;
/** The service's message size limit. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
const DEFAULT_RECOVERY_WINDOW_MS = 60_000;
const DEFAULT_MAX_UNACKED = 1000;
const MAX_REMEMBERED_ACK_IDS = 1000;
/** Closing with 1008 tells the client SDK the connection id is gone: no recovery attempts. */
const CLOSE_POLICY = 1008;

export async function startWebPubSubEmulator(
  options: WebPubSubEmulatorOptions = {},
): Promise<WebPubSubEmulator> {
  const now = options.now ?? Date.now;
  const newConnectionId = options.newConnectionId ?? (() => randomUUID().replaceAll("-", ""));
  const accessKey = options.accessKey ?? randomBytes(32).toString("base64");
  const recoveryWindowMs = options.recoveryWindowMs ?? DEFAULT_RECOVERY_WINDOW_MS;
  const received: WebPubSubRecord[] = [];
  const record = (entry: WebPubSubRecord) => {
    received.push(entry);
    if (received.length > MAX_WEBPUBSUB_RECORDS) received.splice(0, received.length - MAX_WEBPUBSUB_RECORDS);
  };
  const recoveryTimers = new Map<ClientSession, NodeJS.Timeout>();
  let url = "";

  const endSession = (session: ClientSession, reason: string) => {
    clearTimeout(recoveryTimers.get(session));
    recoveryTimers.delete(session);
    if (session.protocol !== "none") session.sendControl(disconnectedFrame(reason));
    session.close(CLOSE_POLICY, reason.slice(0, 120));
    hubs.get(session.hub)?.remove(session);
  };
  const hubs = new HubRegistry(options.hubs, endSession);

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (offered) => [...offered].find((name) => SUBPROTOCOLS.has(name)) ?? false,
  });

  const bindSocket = (hub: Hub, session: ClientSession, socket: WebSocket) => {
    clearTimeout(recoveryTimers.get(session));
    recoveryTimers.delete(session);
    session.attach(socket);
    socket.on("message", (data, isBinary) => {
      const text = Buffer.isBuffer(data)
        ? data
        : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
      if (session.protocol === "none") {
        const raw = isBinary ? text.toString("base64") : text.toString("utf8");
        record({
          source: "client",
          hub: hub.name,
          connectionId: session.connectionId,
          message: { type: "raw", data: raw },
          atMs: now(),
        });
        return;
      }
      const message = isBinary
        ? ({ type: "invalid", reason: "binary frame on a JSON subprotocol" } as const)
        : parseClientMessage(text.toString("utf8"));
      record({ source: "client", hub: hub.name, connectionId: session.connectionId, message, atMs: now() });
      if (message.type !== "invalid" && message.type !== "unknown")
        handleClientRequest(hub, session, message);
    });
    socket.on("error", () => socket.terminate());
    socket.on("close", () => {
      if (!session.isBoundTo(socket)) return;
      session.detach();
      if (session.state !== "recovering" || !session.reliable) {
        endSession(session, "The connection closed.");
        return;
      }
      const timer = setTimeout(
        () => endSession(session, "The connection was not recovered in time."),
        recoveryWindowMs,
      );
      timer.unref();
      recoveryTimers.set(session, timer);
    });
  };

  const server = createServer((request, response) => {
    void serveRest(request, response);
  });

  const serveRest = async (request: IncomingMessage, response: ServerResponse) => {
    const target = request.url ?? "/";
    const body = await readBody(request);
    const parsedUrl = new URL(target, url);
    const contentType = request.headers["content-type"];
    const result =
      body === undefined
        ? { status: 413, json: { code: "PayloadTooLarge", message: "The message exceeds 1 MB." } }
        : await handleRestRequest(
            { hubs, accessKey, baseUrl: () => url, now, closeSession: endSession },
            {
              method: request.method ?? "GET",
              target,
              contentType,
              authorization: request.headers.authorization,
              body,
            },
          );
    record({
      source: "rest",
      method: request.method ?? "GET",
      path: parsedUrl.pathname,
      query: groupQuery(parsedUrl.searchParams),
      contentType,
      body:
        body === undefined
          ? ""
          : contentType?.startsWith("application/octet-stream")
            ? body.toString("base64")
            : body.toString("utf8"),
      status: result.status,
      atMs: now(),
    });
    if (result.json === undefined || request.method === "HEAD") {
      response.writeHead(result.status).end();
      return;
    }
    const text = JSON.stringify(result.json);
    response.writeHead(result.status, { "content-type": "application/json; charset=utf-8" }).end(text);
  };

  server.on("upgrade", (request: IncomingMessage, socket: Socket, head: Buffer) => {
    void upgrade(request, socket, head);
  });

  const upgrade = async (request: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    const target = new URL(request.url ?? "/", url);
    const match = /^\/client\/hubs\/([^/]+)\/?$/.exec(target.pathname);
    const hubName = match?.[1] === undefined ? undefined : safeDecode(match[1]);
    const hub = hubName === undefined ? undefined : hubs.get(hubName);
    if (!hub || hubName === undefined) return rejectUpgrade(socket, 404, "Not Found");

    const recoveringId = target.searchParams.get("awps_connection_id");
    if (recoveringId !== null) {
      const token = target.searchParams.get("awps_reconnection_token") ?? "";
      const session = hub.sessions.get(recoveringId);
      wss.handleUpgrade(request, socket, head, (ws) => {
        if (!session?.matchesReconnectionToken(token) || session.state === "closed") {
          ws.close(CLOSE_POLICY, "The connection cannot be recovered.");
          return;
        }
        bindSocket(hub, session, ws);
      });
      return;
    }

    const token = target.searchParams.get("access_token") ?? bearer(request.headers.authorization);
    const audiences = [`${url}/client/hubs/${hubName}`, `${url}/client/hubs/${hub.name}`];
    const check = await verifyAccessToken(token, accessKey, audiences, now());
    if (!check.ok) return rejectUpgrade(socket, 401, "Unauthorized");

    wss.handleUpgrade(request, socket, head, (ws) => {
      const protocol = SUBPROTOCOLS.get(ws.protocol) ?? "none";
      const session = new ClientSession({
        hub: hub.name,
        connectionId: newConnectionId(),
        userId: check.claims.userId,
        roles: check.claims.roles,
        protocol,
        newReconnectionToken: () => randomBytes(24).toString("base64url"),
        maxUnackedMessages: options.maxUnackedMessages ?? DEFAULT_MAX_UNACKED,
        maxRememberedAckIds: MAX_REMEMBERED_ACK_IDS,
      });
      hub.add(session, check.claims.groups);
      bindSocket(hub, session, ws);
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const sessions = (hub?: string): ClientSession[] =>
    hubs
      .all()
      .filter((h) => hub === undefined || h.name === hub.toLowerCase())
      .flatMap((h) => [...h.sessions.values()]);

  return {
    url,
    endpoint: url,
    connectionString: `Endpoint=${url};AccessKey=${accessKey};Version=1.0;`,
    accessKey,
    received,
    connections: (hub) =>
      sessions(hub).map((s) => ({
        hub: s.hub,
        connectionId: s.connectionId,
        userId: s.userId,
        protocol: s.protocol,
        state: s.state,
        groups: [...s.groups],
        roles: s.permissions.roles(),
        unackedMessages: s.unackedCount,
      })),
    groups: (hub) =>
      hubs
        .all()
        .filter((h) => hub === undefined || h.name === hub.toLowerCase())
        .flatMap((h) =>
          h.groupNames().map((name) => ({
            hub: h.name,
            name,
            connectionIds: h.groupSessions(name).map((s) => s.connectionId),
          })),
        ),
    clientUrl: (hub) => `${url.replace(/^http/, "ws")}/client/hubs/${encodeURIComponent(hub)}`,
    mintClientToken: (request) =>
      signClientToken(accessKey, {
        audience: `${url}/client/hubs/${request.hub}`,
        userId: request.userId,
        roles: request.roles,
        groups: request.groups,
        expiresInSec: request.expiresInSec,
        nowMs: now(),
      }),
    dropConnection: (connectionId) =>
      sessions()
        .find((s) => s.connectionId === connectionId)
        ?.dropSocket() ?? false,
    close: async () => {
      for (const timer of recoveryTimers.values()) clearTimeout(timer);
      recoveryTimers.clear();
      for (const session of sessions()) session.close(1001, "The service is shutting down.");
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function rejectUpgrade(socket: Socket, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_MESSAGE_BYTES) tooLarge = true;
    else chunks.push(buffer);
  }
  return tooLarge ? undefined : Buffer.concat(chunks);
}

function groupQuery(params: URLSearchParams): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [key, value] of params) query[key] = [...(query[key] ?? []), value];
  return query;
}

function bearer(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
