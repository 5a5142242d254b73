import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { mediaWorkerEnv } from "@acs-voice/local";
import WebSocket, { WebSocketServer } from "ws";
import type { WorkerConfig } from "../src/config.js";
import { parseWorkerConfig } from "../src/config.js";
import { silentLogger } from "../src/logger.js";
import { createMediaServer, type MediaServer, type MediaServerDeps } from "../src/server/media-server.js";
import type { CallSummary } from "../src/session/call-session.js";

export interface AcsIdentity {
  resourceId: string;
  issuer: string;
  jwksUrl: string;
  connectionString?: string;
}

/** A config for tests: everything from the given emulators, overridable per test. */
export function testConfig(
  acs: AcsIdentity,
  voiceLiveUrl: string,
  env: Record<string, string> = {},
): WorkerConfig {
  const result = parseWorkerConfig({
    ...mediaWorkerEnv({
      acs: {
        ...acs,
        connectionString: acs.connectionString ?? "endpoint=http://127.0.0.1:9/;accesskey=AAAA",
      },
      voiceLive: { url: voiceLiveUrl, apiKey: "local-dev-key" },
    }),
    PORT: "0",
    // These tests dial the worker with no functions app (and no ticket) behind the call.
    CALL_TICKETS: "off",
    ...env,
  });
  if (!result.ok) throw new Error(result.problems.join("; "));
  return result.config;
}

export interface RunningWorker {
  media: MediaServer;
  /** ws://127.0.0.1:N/media */
  mediaUrl: string;
  httpUrl: string;
  ended: CallSummary[];
  close(): Promise<void>;
}

/** The real media server on 127.0.0.1, port 0. */
export async function startWorker(deps: MediaServerDeps): Promise<RunningWorker> {
  const ended: CallSummary[] = [];
  const media = createMediaServer({
    logger: silentLogger(),
    callControl: null,
    ...deps,
    onCallEnded: (summary) => {
      ended.push(summary);
      deps.onCallEnded?.(summary);
    },
  });
  media.server.listen(0, "127.0.0.1");
  await once(media.server, "listening");
  const { port } = media.server.address() as AddressInfo;
  return {
    media,
    mediaUrl: `ws://127.0.0.1:${port}/media`,
    httpUrl: `http://127.0.0.1:${port}`,
    ended,
    close: () => media.close(),
  };
}

/** A minimal Voice Live stand-in that only records connections (for tests about who gets one). */
export async function startConnectionCounter(): Promise<{
  url: string;
  connections: number;
  close(): Promise<void>;
}> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await once(wss, "listening");
  const state = {
    url: `http://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    connections: 0,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
  wss.on("connection", (socket) => {
    state.connections++;
    socket.send(JSON.stringify({ type: "session.created", event_id: "e1", session: { id: "sess_1" } }));
  });
  return state;
}

/** Opens a WebSocket like ACS would; resolves with the socket, or the HTTP status of a refused upgrade. */
export function dial(
  url: string,
  headers: Record<string, string>,
): Promise<{ socket: WebSocket; status: 101 } | { socket: undefined; status: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once("open", () => resolve({ socket, status: 101 }));
    socket.once("unexpected-response", (_request, response) => {
      resolve({ socket: undefined, status: response.statusCode ?? 0 });
      response.resume();
      socket.terminate();
    });
    socket.once("error", (error) => {
      if (socket.readyState === WebSocket.CLOSED) return;
      reject(error);
    });
  });
}

export async function waitFor(
  predicate: () => boolean,
  timeoutMs = 5_000,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
