import { type ClientEvent, encodeClientEvent, parseServerEvent, type ServerEvent } from "@acs-voice/shared";
import WebSocket from "ws";
import type { Clock, TimerHandle } from "../clock.js";
import type { Logger } from "../logger.js";
import type { VoiceLiveAuth } from "./voice-live-auth.js";

/** What the call session hears from its Voice Live connection. */
export interface VoiceLiveHandlers {
  /** The socket is open (`reconnected`: after a drop); the session must be configured again. */
  opened(reconnected: boolean): void;
  event(event: ServerEvent): void;
  /** A message that was not a known, well-formed server event: counted, then ignored. */
  badMessage(kind: "invalid" | "unknown"): void;
  /** The connection dropped; one reconnect is being tried. */
  lost(): void;
  /** The connection is gone for good. */
  failed(): void;
}

export type VoiceLiveSocketFactory = (url: string, headers: Record<string, string>) => WebSocket;

export interface VoiceLiveConnectionOptions {
  url: string;
  auth: VoiceLiveAuth;
  /** Sent as `x-ms-client-request-id` so the service's logs can be matched with ours. */
  requestId: string;
  clock: Clock;
  logger: Logger;
  handlers: VoiceLiveHandlers;
  createSocket?: VoiceLiveSocketFactory;
  connectTimeoutMs?: number;
  retryDelayMs?: number;
  heartbeatIntervalMs?: number;
  /** Reconnects allowed over the whole call (each after a connection that had worked). */
  maxReconnects?: number;
}

/** Largest server message accepted: audio deltas are tens of KiB; 4 MiB leaves room without trusting blindly. */
export const VOICE_LIVE_MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
/** A handshake slower than this will not make the caller wait any better; retry instead. */
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** Quick: the caller is on the line. */
const DEFAULT_RETRY_DELAY_MS = 250;
/** A dead TCP path is noticed within two intervals. */
const DEFAULT_HEARTBEAT_INTERVAL_MS = 15_000;
const DEFAULT_MAX_RECONNECTS = 3;

export function defaultVoiceLiveSocket(
  url: string,
  headers: Record<string, string>,
  handshakeTimeoutMs: number,
) {
  return new WebSocket(url, {
    headers,
    maxPayload: VOICE_LIVE_MAX_PAYLOAD_BYTES,
    perMessageDeflate: false,
    handshakeTimeout: handshakeTimeoutMs,
  });
}

/**
 * One Voice Live WebSocket per call, owned by its CallSession. Connects at once, retries once quickly
 * when a connection attempt fails or a working connection drops, and gives up after that. It knows the
 * wire (JSON events) but nothing about calls.
 */
export class VoiceLiveConnection {
  private readonly options: VoiceLiveConnectionOptions;
  private readonly connectTimeoutMs: number;
  private readonly retryDelayMs: number;
  private readonly heartbeatIntervalMs: number;
  private readonly maxReconnects: number;
  private socket: WebSocket | undefined;
  private timer: TimerHandle | undefined;
  private heartbeat: TimerHandle | undefined;
  private awaitingPong = false;
  private closed = false;
  private everOpened = false;
  private failedAttempts = 0;
  private reconnects = 0;

  constructor(options: VoiceLiveConnectionOptions) {
    this.options = options;
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
    this.maxReconnects = options.maxReconnects ?? DEFAULT_MAX_RECONNECTS;
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  start(): void {
    void this.connect();
  }

  send(event: ClientEvent): boolean {
    return this.sendText(encodeClientEvent(event));
  }

  /** For pre-encoded events (the audio append hot path). */
  sendText(text: string): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(text);
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearTimers();
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return;
    socket.removeAllListeners();
    socket.on("error", () => {}); // late errors of a socket we are discarding
    if (socket.readyState === WebSocket.OPEN) socket.close(1000, "call ended");
    else socket.terminate();
  }

  private async connect(): Promise<void> {
    const { logger } = this.options;
    let headers: Record<string, string>;
    try {
      headers = { ...(await this.options.auth()), "x-ms-client-request-id": this.options.requestId };
    } catch (error) {
      logger.warn({ err: errorName(error) }, "voice live credentials unavailable");
      this.attemptFailed();
      return;
    }
    if (this.closed) return;
    const socket = this.options.createSocket
      ? this.options.createSocket(this.options.url, headers)
      : defaultVoiceLiveSocket(this.options.url, headers, this.connectTimeoutMs);
    this.socket = socket;
    let opened = false;

    socket.on("unexpected-response", (_request, response) => {
      logger.warn({ status: response.statusCode }, "voice live refused the connection");
      response.resume();
      socket.terminate();
    });
    socket.on("open", () => {
      opened = true;
      this.failedAttempts = 0;
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.startHeartbeat(socket);
      logger.info({ reconnected }, "voice live connected");
      this.options.handlers.opened(reconnected);
    });
    socket.on("message", (data, isBinary) => {
      if (isBinary) {
        this.options.handlers.badMessage("invalid");
        return;
      }
      const event = parseServerEvent(data.toString());
      if (event.type === "invalid") this.options.handlers.badMessage("invalid");
      else if (event.type === "unknown") this.options.handlers.badMessage("unknown");
      else this.options.handlers.event(event);
    });
    socket.on("pong", () => {
      this.awaitingPong = false;
    });
    socket.on("error", (error) => {
      logger.debug({ err: errorName(error) }, "voice live socket error");
    });
    socket.on("close", (code) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.clearTimers();
      if (this.closed) return;
      logger.warn({ code, opened }, "voice live connection closed");
      if (opened) this.dropped();
      else this.attemptFailed();
    });
  }

  /** A connection that had worked went away: one quick reconnect, within the call's budget. */
  private dropped(): void {
    if (this.reconnects >= this.maxReconnects) {
      this.giveUp();
      return;
    }
    this.reconnects++;
    this.options.handlers.lost();
    this.scheduleConnect();
  }

  private attemptFailed(): void {
    this.failedAttempts++;
    if (this.failedAttempts > 1 || this.closed) {
      this.giveUp();
      return;
    }
    this.scheduleConnect();
  }

  private scheduleConnect(): void {
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      if (!this.closed) void this.connect();
    }, this.retryDelayMs);
  }

  private giveUp(): void {
    if (this.closed) return;
    this.options.logger.error("voice live unavailable");
    this.close();
    this.options.handlers.failed();
  }

  private startHeartbeat(socket: WebSocket): void {
    this.awaitingPong = false;
    const beat = () => {
      if (this.socket !== socket) return;
      if (this.awaitingPong) {
        this.options.logger.warn("voice live heartbeat missed");
        socket.terminate();
        return;
      }
      this.awaitingPong = true;
      socket.ping();
      this.heartbeat = this.options.clock.setTimeout(beat, this.heartbeatIntervalMs);
    };
    this.heartbeat = this.options.clock.setTimeout(beat, this.heartbeatIntervalMs);
  }

  private clearTimers(): void {
    for (const handle of [this.timer, this.heartbeat]) {
      if (handle !== undefined) this.options.clock.clearTimeout(handle);
    }
    this.timer = undefined;
    this.heartbeat = undefined;
  }
}

/** Error class name only: messages can carry URLs with query strings. */
function errorName(error: unknown): string {
  return error instanceof Error
    ? `${error.name}${"code" in error ? `:${String(error.code)}` : ""}`
    : "unknown";
}
