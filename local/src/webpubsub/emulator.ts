// The Web PubSub emulator: the data-plane REST API of `@azure/web-pubsub` and the client WebSocket
// endpoint of `@azure/web-pubsub-client` (json.webpubsub.azure.v1 and json.reliable.webpubsub.azure.v1,
// including recovery of a dropped reliable connection), on 127.0.0.1, authenticated with the access key.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { signClientToken } from "./access-token.js";
import {
  ClientEndpoint,
  type ClientFrameRecord,
  defaultSchedule,
  MAX_MESSAGE_BYTES,
  type Schedule,
} from "./client-endpoint.js";
import type { ClientProtocol, ClientSession, SessionState } from "./client-session.js";
import { HubRegistry } from "./hub-registry.js";
import { handleRestRequest } from "./rest-api.js";

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
  /** Timer for recovery windows; default setTimeout (unref'd). */
  schedule?: Schedule;
}

export type WebPubSubRecord =
  | {
      source: "rest";
      method: string;
      path: string;
      query: Record<string, string[]>;
      contentType: string | undefined;
      /** The body as UTF-8 text (base64 for application/octet-stream), at most its first 64 KB. */
      body: string;
      status: number;
      atMs: number;
    }
  /**
   * A client frame: the parsed request; plain WebSocket clients' frames are `{ type: "raw" }`. Frames
   * above 64 KB are recorded with `data: undefined`.
   */
  | ({ source: "client"; atMs: number } & ClientFrameRecord);

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
/** Recorded REST bodies keep at most this much. */
const MAX_RECORDED_BODY_BYTES = 64 * 1024;
const DEFAULT_RECOVERY_WINDOW_MS = 60_000;
const DEFAULT_MAX_UNACKED = 1000;

export async function startWebPubSubEmulator(
  options: WebPubSubEmulatorOptions = {},
): Promise<WebPubSubEmulator> {
  const now = options.now ?? Date.now;
  const accessKey = options.accessKey ?? randomBytes(32).toString("base64");
  const received: WebPubSubRecord[] = [];
  const record = (entry: WebPubSubRecord) => {
    received.push(entry);
    if (received.length > MAX_WEBPUBSUB_RECORDS) received.splice(0, received.length - MAX_WEBPUBSUB_RECORDS);
  };
  let url = "";

  const hubs = new HubRegistry(options.hubs, (session, reason) => endpoint.endSession(session, reason));
  const endpoint = new ClientEndpoint({
    hubs,
    accessKey,
    baseUrl: () => url,
    now,
    newConnectionId: options.newConnectionId ?? (() => randomUUID().replaceAll("-", "")),
    recoveryWindowMs: options.recoveryWindowMs ?? DEFAULT_RECOVERY_WINDOW_MS,
    maxUnackedMessages: options.maxUnackedMessages ?? DEFAULT_MAX_UNACKED,
    record: (entry) => record({ source: "client", ...entry, atMs: now() }),
    schedule: options.schedule ?? defaultSchedule,
  });

  const serveRest = async (request: IncomingMessage, response: ServerResponse) => {
    const target = request.url ?? "/";
    const method = request.method ?? "GET";
    const body = await readBody(request, MAX_MESSAGE_BYTES);
    const contentType = request.headers["content-type"];
    const result =
      body === undefined
        ? { status: 413, json: { code: "PayloadTooLarge", message: "The message exceeds 1 MB." } }
        : await handleRestRequest(
            {
              hubs,
              accessKey,
              baseUrl: () => url,
              now,
              closeSession: (s, reason) => endpoint.endSession(s, reason),
            },
            { method, target, contentType, authorization: request.headers.authorization, body },
          );
    const parsedUrl = new URL(target, url);
    record({
      source: "rest",
      method,
      path: parsedUrl.pathname,
      query: groupQuery(parsedUrl.searchParams),
      contentType,
      body: recordedBody(body, contentType),
      status: result.status,
      atMs: now(),
    });
    if (result.json === undefined || method === "HEAD") {
      response.writeHead(result.status).end();
      return;
    }
    response
      .writeHead(result.status, { "content-type": "application/json; charset=utf-8" })
      .end(JSON.stringify(result.json));
  };

  const server = createServer((request, response) => {
    serveRest(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  server.on("upgrade", (request: IncomingMessage, socket: Socket, head: Buffer) => {
    endpoint.upgrade(request, socket, head).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const hubsNamed = (hub?: string) =>
    hubs.all().filter((h) => hub === undefined || h.name === hub.toLowerCase());
  const sessions = (hub?: string): ClientSession[] => hubsNamed(hub).flatMap((h) => [...h.sessions.values()]);

  return {
    url,
    endpoint: url,
    connectionString: `Endpoint=${url};AccessKey=${accessKey};Version=1.0;`,
    accessKey,
    received,
    connections: (hub) => sessions(hub).map(describeSession),
    groups: (hub) =>
      hubsNamed(hub).flatMap((h) =>
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
      for (const session of sessions()) session.close(1001, "The service is shutting down.");
      endpoint.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function describeSession(session: ClientSession): WebPubSubConnectionInfo {
  return {
    hub: session.hub,
    connectionId: session.connectionId,
    userId: session.userId,
    protocol: session.protocol,
    state: session.state,
    groups: [...session.groups],
    roles: session.permissions.roles(),
    unackedMessages: session.unackedCount,
  };
}

function recordedBody(body: Buffer | undefined, contentType: string | undefined): string {
  if (body === undefined) return "";
  const kept = body.subarray(0, MAX_RECORDED_BODY_BYTES);
  return contentType?.startsWith("application/octet-stream")
    ? kept.toString("base64")
    : kept.toString("utf8");
}

async function readBody(request: IncomingMessage, limitBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= limitBytes) chunks.push(buffer);
  }
  return size > limitBytes ? undefined : Buffer.concat(chunks);
}

function groupQuery(params: URLSearchParams): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [key, value] of params) query[key] = [...(query[key] ?? []), value];
  return query;
}
