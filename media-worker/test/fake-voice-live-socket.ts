import { EventEmitter } from "node:events";
import type { FakeClock, ServerEvent } from "@acs-voice/shared";
import WebSocket from "ws";
import { silentLogger } from "../src/logger.js";
import { VoiceLiveConnection, type VoiceLiveHandlers } from "../src/voicelive/voice-live-connection.js";

/**
 * The parts of a ws client socket VoiceLiveConnection uses, as the service's end sees them: the test
 * drives its open, messages and close, and reads what the worker sent on it and how it was closed.
 */
export class FakeVoiceLiveSocket extends EventEmitter {
  readyState: number = WebSocket.CONNECTING;
  readonly sent: string[] = [];
  pings = 0;
  closedWith: { code: number | undefined; reason: string | undefined } | undefined;
  send(text: string): void {
    this.sent.push(text);
  }
  ping(): void {
    this.pings++;
  }
  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = WebSocket.CLOSED;
  }
  terminate(): void {
    this.readyState = WebSocket.CLOSED;
  }
  serverOpens(): void {
    this.readyState = WebSocket.OPEN;
    this.emit("open");
  }
  serverSends(event: ServerEvent): void {
    this.emit("message", Buffer.from(JSON.stringify(event)), false);
  }
  serverCloses(code = 1006): void {
    this.readyState = WebSocket.CLOSED;
    this.emit("close", code);
  }
  /** The `type` of every event sent, in order. */
  get sentTypes(): string[] {
    return this.sent.map((text) => (JSON.parse(text) as { type: string }).type);
  }
}

/** A VoiceLiveConnection to one endpoint whose sockets are fakes, listed in the order it opened them. */
export function connectionOnFakeSockets(clock: FakeClock, handlers: VoiceLiveHandlers) {
  const sockets: FakeVoiceLiveSocket[] = [];
  const link = new VoiceLiveConnection({
    url: "wss://voice-live.test/realtime",
    auth: async () => ({ "api-key": "test" }),
    requestId: "req-1",
    clock,
    logger: silentLogger(),
    heartbeatIntervalMs: 1_000_000,
    handlers,
    createSocket: () => {
      const socket = new FakeVoiceLiveSocket();
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
  });
  return { link, sockets };
}
