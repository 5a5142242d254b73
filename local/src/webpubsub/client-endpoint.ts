// The client WebSocket endpoint `/client/hubs/{hub}`: authenticates the upgrade (access token, or a
// reliable client's connection id + reconnection token), negotiates the subprotocol, binds sockets to
// sessions, and keeps a dropped reliable session for its recovery window before ending it.
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { bearerToken, verifyAccessToken } from "./access-token.js";
import { type ParsedClientMessage, parseClientMessage } from "./client-messages.js";
import { handleClientRequest } from "./client-requests.js";
import { ClientSession, SUBPROTOCOLS } from "./client-session.js";
import type { Hub } from "./hub.js";
import type { HubRegistry } from "./hub-registry.js";
import { disconnectedFrame } from "./server-frames.js";

export interface ClientFrameRecord {
  hub: string;
  connectionId: string;
  message: ParsedClientMessage | { type: "raw"; data: string | undefined };
}

export interface ClientEndpointOptions {
  hubs: HubRegistry;
  accessKey: string;
  baseUrl: () => string;
  now: () => number;
  newConnectionId: () => string;
  recoveryWindowMs: number;
  maxUnackedMessages: number;
  record: (entry: ClientFrameRecord) => void;
  /** Runs `callback` after `delayMs`; returns a cancel function. */
  schedule: Schedule;
}

export type Schedule = (callback: () => void, delayMs: number) => () => void;

/** setTimeout that does not keep the process alive (recovery windows outlive tests and CLIs). */
export const defaultSchedule: Schedule = (callback, delayMs) => {
  const timer = setTimeout(callback, delayMs);
  timer.unref();
  return () => clearTimeout(timer);
};

/** The service's message size limit. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Larger frames are recorded without their data, so the record stays small. */
const MAX_RECORDED_DATA_BYTES = 64 * 1024;
const MAX_REMEMBERED_ACK_IDS = 1000;
/** Closing with 1008 tells the client SDK the connection id is gone: no recovery attempts. */
const CLOSE_POLICY = 1008;

export class ClientEndpoint {
  readonly #options: ClientEndpointOptions;
  readonly #recoveryTimers = new Map<ClientSession, () => void>();
  readonly #wss: WebSocketServer;

  constructor(options: ClientEndpointOptions) {
    this.#options = options;
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_MESSAGE_BYTES,
      handleProtocols: (offered) => [...offered].find((name) => SUBPROTOCOLS.has(name)) ?? false,
    });
  }

  async upgrade(request: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    socket.on("error", () => socket.destroy());
    const target = new URL(request.url ?? "/", this.#options.baseUrl());
    const match = /^\/client\/hubs\/([^/]+)\/?$/.exec(target.pathname);
    const hubName = match?.[1] === undefined ? undefined : safeDecode(match[1]);
    const hub = hubName === undefined ? undefined : this.#options.hubs.get(hubName);
    if (!hub || hubName === undefined) return reject(socket, 404, "Not Found");

    const recoveringId = target.searchParams.get("awps_connection_id");
    if (recoveringId !== null) {
      const token = target.searchParams.get("awps_reconnection_token") ?? "";
      const session = hub.sessions.get(recoveringId);
      this.#wss.handleUpgrade(request, socket, head, (ws) => {
        if (!session?.matchesReconnectionToken(token) || session.state === "closed") {
          ws.close(CLOSE_POLICY, "The connection cannot be recovered.");
          return;
        }
        this.#bind(hub, session, ws);
      });
      return;
    }

    const token = target.searchParams.get("access_token") ?? bearerToken(request.headers.authorization);
    const base = this.#options.baseUrl();
    const audiences = [`${base}/client/hubs/${hubName}`, `${base}/client/hubs/${hub.name}`];
    const check = await verifyAccessToken(token, this.#options.accessKey, audiences, this.#options.now());
    if (!check.ok) return reject(socket, 401, "Unauthorized");

    this.#wss.handleUpgrade(request, socket, head, (ws) => {
      const session = new ClientSession({
        hub: hub.name,
        connectionId: this.#options.newConnectionId(),
        userId: check.claims.userId,
        roles: check.claims.roles,
        protocol: SUBPROTOCOLS.get(ws.protocol) ?? "none",
        newReconnectionToken: () => randomBytes(24).toString("base64url"),
        maxUnackedMessages: this.#options.maxUnackedMessages,
        maxRememberedAckIds: MAX_REMEMBERED_ACK_IDS,
      });
      hub.add(session, check.claims.groups);
      this.#bind(hub, session, ws);
    });
  }

  /** Ends a session for good: `disconnected`, close 1008, out of its hub. */
  endSession(session: ClientSession, reason: string): void {
    this.#clearRecovery(session);
    if (session.protocol !== "none") session.sendControl(disconnectedFrame(reason));
    session.close(CLOSE_POLICY, reason.slice(0, 120));
    this.#options.hubs.get(session.hub)?.remove(session);
  }

  close(): void {
    for (const cancel of this.#recoveryTimers.values()) cancel();
    this.#recoveryTimers.clear();
    for (const client of this.#wss.clients) client.terminate();
    this.#wss.close();
  }

  #bind(hub: Hub, session: ClientSession, socket: WebSocket): void {
    this.#clearRecovery(session);
    session.attach(socket);
    socket.on("message", (data, isBinary) => {
      if (!session.isBoundTo(socket)) return;
      const bytes = Buffer.isBuffer(data)
        ? data
        : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
      const message = this.#decode(session, bytes, isBinary);
      this.#options.record({
        hub: hub.name,
        connectionId: session.connectionId,
        message:
          bytes.length > MAX_RECORDED_DATA_BYTES && "data" in message
            ? { ...message, data: undefined }
            : message,
      });
      if (message.type !== "raw" && message.type !== "invalid" && message.type !== "unknown") {
        handleClientRequest(hub, session, message);
      }
    });
    socket.on("error", () => socket.terminate());
    socket.on("close", () => {
      if (!session.isBoundTo(socket)) return;
      session.detach();
      if (session.state !== "recovering" || !session.reliable) {
        this.endSession(session, "The connection closed.");
        return;
      }
      const cancel = this.#options.schedule(
        () => this.endSession(session, "The connection was not recovered in time."),
        this.#options.recoveryWindowMs,
      );
      this.#recoveryTimers.set(session, cancel);
    });
  }

  #decode(session: ClientSession, bytes: Buffer, isBinary: boolean): ClientFrameRecord["message"] {
    // A plain WebSocket client's frames are user events for an upstream handler, not protocol requests.
    if (session.protocol === "none") {
      return { type: "raw", data: isBinary ? bytes.toString("base64") : bytes.toString("utf8") };
    }
    if (isBinary) return { type: "invalid", reason: "binary frame on a JSON subprotocol" };
    return parseClientMessage(bytes.toString("utf8"));
  }

  #clearRecovery(session: ClientSession): void {
    this.#recoveryTimers.get(session)?.();
    this.#recoveryTimers.delete(session);
  }
}

function reject(socket: Socket, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
