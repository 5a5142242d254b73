// A tiny media-worker stand-in: a `ws` server on 127.0.0.1:0 that records what the caller's side sends
// and lets a test speak for the bot. Deliberately not product code, so the client is tested on its own.
import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { type AddressInfo, createServer, type Socket } from "node:net";
import { WebSocket, WebSocketServer } from "ws";

export interface WorkerStandIn {
  readonly url: string;
  /** Upgrade-request headers of each connection, in order. */
  readonly upgrades: IncomingHttpHeaders[];
  /** Text of every message received, in order. */
  readonly messages: string[];
  /** Close codes this stand-in received, one per closed connection. */
  readonly closeCodes: number[];
  /** Messages this stand-in sent to the client. */
  sentCount: number;
  /** Called for each message received, after it is recorded. */
  onMessage: ((text: string, index: number) => void) | undefined;
  connection(): Promise<WebSocket>;
  send(text: string): void;
  closeConnection(code?: number, reason?: string): void;
  waitForMessages(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface WorkerStandInOptions {
  /** Refuse the upgrade with this HTTP status instead of accepting it. */
  rejectStatus?: number;
}

export async function startWorkerStandIn(options: WorkerStandInOptions = {}): Promise<WorkerStandIn> {
  const server = new WebSocketServer({
    host: "127.0.0.1",
    port: 0,
    maxPayload: 1024 * 1024,
    verifyClient: (_info, callback) =>
      options.rejectStatus === undefined ? callback(true) : callback(false, options.rejectStatus),
  });
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;

  let socket: WebSocket | undefined;
  const waiters: Array<(socket: WebSocket) => void> = [];
  const standIn: WorkerStandIn = {
    url: `ws://127.0.0.1:${port}/media`,
    upgrades: [],
    messages: [],
    closeCodes: [],
    sentCount: 0,
    onMessage: undefined,
    connection: () =>
      socket !== undefined ? Promise.resolve(socket) : new Promise((resolve) => waiters.push(resolve)),
    send(text) {
      if (socket?.readyState !== WebSocket.OPEN) throw new Error("stand-in: no open connection");
      socket.send(text);
      standIn.sentCount++;
    },
    closeConnection(code = 1000, reason = "") {
      socket?.close(code, reason);
    },
    waitForMessages: (count, timeoutMs = 5_000) =>
      waitUntil(() => standIn.messages.length >= count, timeoutMs, `${count} messages at the worker`),
    close: () =>
      new Promise((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };

  server.on("connection", (connection, request) => {
    socket = connection;
    standIn.upgrades.push(request.headers);
    connection.on("message", (data) => {
      const text = data.toString();
      standIn.messages.push(text);
      standIn.onMessage?.(text, standIn.messages.length - 1);
    });
    connection.on("close", (code) => standIn.closeCodes.push(code));
    for (const waiter of waiters.splice(0)) waiter(connection);
  });
  return standIn;
}

/** Polls `condition` on the event loop (sockets need it to turn) until true or the timeout. */
export async function waitUntil(
  condition: () => boolean,
  timeoutMs = 5_000,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

export interface CountingTimers {
  nowMs(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Timers set and neither fired nor cleared. */
  readonly active: number;
}

/** Real timers that count what is still pending, to prove a client leaves nothing behind. */
export function countingTimers(): CountingTimers {
  const pending = new Set<ReturnType<typeof setTimeout>>();
  return {
    nowMs: () => performance.now(),
    setTimeout(callback, delayMs) {
      const handle = setTimeout(() => {
        pending.delete(handle);
        callback();
      }, delayMs);
      pending.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      const timer = handle as ReturnType<typeof setTimeout>;
      pending.delete(timer);
      clearTimeout(timer);
    },
    get active() {
      return pending.size;
    },
  };
}

/**
 * A peer that completes the WebSocket upgrade and then ignores everything, close frames included:
 * the worker that hangs, for testing that the caller's side still lets go.
 */
export async function startDeafPeer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once("data", (request) => {
      const key = /sec-websocket-key:\s*(\S+)/i.exec(request.toString("latin1"))?.[1] ?? "";
      const accept = createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      socket.on("data", () => {});
    });
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/media`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
