// The Voice Live side of the load generator: a WebSocket server the worker connects to as it would to
// Azure, speaking just enough of the protocol to carry audio both ways (session.created/updated, the
// appends it receives, responses it streams). Each accepted connection is handed to the call that is
// waiting for it: calls are connected one at a time, so the next Voice Live connection is that call's.
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

export const VOICE_LIVE_PEER_KEY = "load-generator-key";
const REALTIME_PATH = "/voice-live/realtime";
const MAX_PAYLOAD_BYTES = 1024 * 1024;

export interface VoiceLivePeer {
  /** http://127.0.0.1:N, for VOICE_LIVE_ENDPOINT. */
  readonly url: string;
  /** The next Voice Live connection the worker opens. */
  nextConnection(timeoutMs: number): Promise<WebSocket>;
  /** Connections that arrived with no call waiting for them. */
  readonly unexpectedConnections: number;
  close(): Promise<void>;
}

export async function startVoiceLivePeer(): Promise<VoiceLivePeer> {
  const waiting: Array<(socket: WebSocket) => void> = [];
  let unexpectedConnections = 0;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_PAYLOAD_BYTES,
    perMessageDeflate: false,
  });
  const server: Server = createServer((_request, response) => {
    response.writeHead(404).end();
  });
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("upgrade", (request, socket: Socket, head) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== REALTIME_PATH || request.headers["api-key"] !== VOICE_LIVE_PEER_KEY) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const take = waiting.shift();
      if (take) take(ws);
      else {
        unexpectedConnections++;
        ws.close(1008, "no call is waiting");
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get unexpectedConnections() {
      return unexpectedConnections;
    },
    nextConnection(timeoutMs) {
      return new Promise((resolve, reject) => {
        const take = (socket: WebSocket) => {
          clearTimeout(timer);
          resolve(socket);
        };
        const timer = setTimeout(() => {
          const at = waiting.indexOf(take);
          if (at >= 0) waiting.splice(at, 1);
          reject(new Error(`the worker opened no Voice Live connection within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.push(take);
      });
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
