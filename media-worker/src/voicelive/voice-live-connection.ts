import {
  type ClientEvent,
  type Clock,
  encodeClientEvent,
  errorLabel,
  parseServerEvent,
  type ServerEvent,
  type TimerHandle,
} from "@acs-voice/shared";
import WebSocket from "ws";
import type { Logger } from "../logger.js";
import type { VoiceLiveAuth } from "./voice-live-auth.js";
import {
  type ConnectPurpose,
  fixedRoute,
  type RoutedEndpoint,
  type VoiceLiveRoute,
} from "./voice-live-route.js";

/** What the call session hears from its Voice Live connection. */
export interface VoiceLiveHandlers {
  /** The socket is open (`reconnected`: after a drop); the session must be configured again. */
  opened(reconnected: boolean): void;
  event(event: ServerEvent): void;
  /** A message that was not a known, well-formed server event: counted, then ignored. */
  badMessage(kind: "invalid" | "unknown"): void;
  /** The connection dropped; reconnects are being tried (with backoff). */
  lost(): void;
  /** A replacement session took over (see `renew`). */
  renewed?(): void;
  /** The connection is gone for good. */
  failed(): void;
}

export type VoiceLiveSocketFactory = (url: string, headers: Record<string, string>) => WebSocket;

/** Where the connection goes: a pool of endpoints, or one fixed endpoint. */
export type VoiceLiveTarget =
  | {
      route: VoiceLiveRoute;
      /** The endpoint the call was admitted with: its first connection goes there without asking again. */
      initialEndpoint?: RoutedEndpoint;
    }
  | { url: string; auth: VoiceLiveAuth };

export type VoiceLiveConnectionOptions = VoiceLiveTarget & VoiceLiveConnectionSettings;

export interface VoiceLiveConnectionSettings {
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
  /** Attempts after one drop, `retryDelayMs` doubling each time (capped at MAX_RETRY_DELAY_MS). */
  maxReconnectAttempts?: number;
  /**
   * How long the first connection may keep being retried when the service refuses it for load (429 or
   * 503, e.g. more than 30 new connections a minute on one resource): the caller hears the greeting
   * late rather than a hang-up. Other failures get one quick retry.
   */
  connectPatienceMs?: number;
}

/** Largest server message accepted: audio deltas are tens of KiB; 4 MiB leaves room without trusting blindly. */
export const VOICE_LIVE_MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
/** A handshake slower than this will not make the caller wait any better; retry instead. */
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** Quick: the caller is on the line. */
const DEFAULT_RETRY_DELAY_MS = 250;
/** A dead TCP path is noticed within two intervals. */
const DEFAULT_HEARTBEAT_INTERVAL_MS = 15_000;
const DEFAULT_MAX_RECONNECTS = 10;
const DEFAULT_MAX_RECONNECT_ATTEMPTS = 5;
const MAX_RETRY_DELAY_MS = 5_000;
const DEFAULT_CONNECT_PATIENCE_MS = 10_000;
/** A Retry-After beyond this is not waited for in full (the caller is on the line). */
const MAX_RETRY_AFTER_MS = 30_000;
/** A replacement session that finds no quiet moment within this long is dropped (and tried again later). */
const RENEWAL_WINDOW_MS = 60_000;
const RENEWAL_POLL_MS = 100;
const RENEWAL_RETRY_MS = 30_000;
/**
 * Connections sent straight on to another endpoint after one failed, before the usual pauses apply. Each
 * failure takes its endpoint out of rotation, so this only guards against endpoints that flap.
 */
const MAX_FAILOVERS = 4;

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
 * One Voice Live WebSocket per call, owned by its CallSession. Connects at once and retries once
 * quickly when the first attempt fails (the caller is waiting); after a working connection drops it
 * reconnects with exponential backoff; `renew` swaps in a fresh session before the old one expires.
 * Each connection asks its route (the pool) where to go: a refused or unreachable endpoint sends the
 * attempt straight on to another one, and a call whose endpoint fails its responses (the resource's
 * tokens are spent) moves to another endpoint the way it reconnects after a drop, its conversation
 * restored by the session. It knows the wire (JSON events) but nothing about calls.
 */
export class VoiceLiveConnection {
  private readonly options: VoiceLiveConnectionOptions;
  private readonly route: VoiceLiveRoute;
  /** Chosen before the connection is made (the call's admission); used once. */
  private chosenEndpoint: RoutedEndpoint | undefined;
  /** The endpoint the next connection should avoid (it dropped or failed the call). */
  private avoid: string | undefined;
  /** Attempts sent on to another endpoint since the last connection that opened. */
  private failovers = 0;
  private readonly connectTimeoutMs: number;
  private readonly retryDelayMs: number;
  private readonly heartbeatIntervalMs: number;
  private readonly maxReconnects: number;
  private readonly maxReconnectAttempts: number;
  private socket: WebSocket | undefined;
  private standby: WebSocket | undefined;
  private renewalTimer: TimerHandle | undefined;
  private reconnectAttempts = 0;
  private timer: TimerHandle | undefined;
  private heartbeat: TimerHandle | undefined;
  private awaitingPong = false;
  private closed = false;
  private everOpened = false;
  private failedAttempts = 0;
  private reconnects = 0;
  /** Bumped on every drop: a renewal that began before it gives up rather than race the reconnect. */
  private generation = 0;
  private eventSequence = 0;
  private readonly connectPatienceMs: number;
  /** When the first connection attempt began, for its patience. */
  private firstAttemptAtMs: number | undefined;
  /** The last upgrade the service refused for load, and how long it asked us to wait. */
  private throttled: { retryAfterMs: number } | undefined;
  private throttledAttempts = 0;

  constructor(options: VoiceLiveConnectionOptions) {
    this.options = options;
    if ("route" in options) {
      this.route = options.route;
      this.chosenEndpoint = options.initialEndpoint;
    } else {
      this.route = fixedRoute(options.url, options.auth);
    }
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
    this.maxReconnects = options.maxReconnects ?? DEFAULT_MAX_RECONNECTS;
    this.maxReconnectAttempts = options.maxReconnectAttempts ?? DEFAULT_MAX_RECONNECT_ATTEMPTS;
    this.connectPatienceMs = options.connectPatienceMs ?? DEFAULT_CONNECT_PATIENCE_MS;
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  start(): void {
    void this.connect();
  }

  /**
   * Sends a control event, stamped with an `event_id` unless it has one, so that an `error` the
   * service sends about it names it. (Audio appends go through `sendText` without one: the service
   * never answers them, and nothing could be done about a refused frame of audio.)
   */
  send(event: ClientEvent): boolean {
    return this.sendText(encodeClientEvent(this.stamped(event)));
  }

  private stamped(event: ClientEvent): ClientEvent {
    return event.event_id === undefined ? { ...event, event_id: `evt-${++this.eventSequence}` } : event;
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
    this.dropStandby();
    const socket = this.socket;
    this.socket = undefined;
    if (socket) discard(socket, "call ended");
  }

  /**
   * Opens a second session while this one still serves the call. When it is open, `setup()` is asked
   * for the events that configure it; undefined means "not now" (someone is speaking) and it is asked
   * again shortly. The events are sent on the new socket, which then replaces the old one; the old one
   * is closed. Messages of the new session reach the handlers from the moment it opens.
   */
  renew(setup: () => ClientEvent[] | undefined): void {
    if (this.closed || this.standby) return;
    // While reconnecting, a swap would discard the socket whose `open` restores the call's audio.
    if (!this.renewable()) {
      this.retryRenewalLater(setup);
      return;
    }
    void this.openStandby(setup);
  }

  /** The current socket serves the call and no reconnect is pending. */
  private renewable(): boolean {
    return !this.closed && this.timer === undefined && this.socket?.readyState === WebSocket.OPEN;
  }

  private async openStandby(setup: () => ClientEvent[] | undefined): Promise<void> {
    const { logger, clock } = this.options;
    const generation = this.generation;
    // A renewal is a new connection like any other: it may go to another endpoint than the call's.
    const endpoint = await this.route.next("renewal");
    if (this.closed) return;
    if (!endpoint) {
      this.retryRenewalLater(setup);
      return;
    }
    let headers: Record<string, string>;
    try {
      headers = { ...(await endpoint.auth()), "x-ms-client-request-id": this.options.requestId };
    } catch (error) {
      logger.warn({ err: errorLabel(error) }, "voice live credentials unavailable for renewal");
      this.retryRenewalLater(setup);
      return;
    }
    if (this.closed) return;
    if (generation !== this.generation || this.standby || !this.renewable()) {
      this.retryRenewalLater(setup);
      return;
    }
    const standby = this.openSocket(endpoint.url, headers);
    this.standby = standby;
    const startedAtMs = clock.now();
    let answered = false;
    standby.on("error", (error) => logger.debug({ err: errorLabel(error) }, "voice live standby error"));
    standby.on("unexpected-response", (_request, response) => {
      answered = true;
      endpoint.refused(response.statusCode ?? 0, retryAfterOf(response.headers["retry-after"]));
      response.resume();
      standby.terminate();
    });
    standby.on("close", () => {
      if (this.standby !== standby) return;
      this.standby = undefined;
      if (!answered) endpoint.unreachable();
      logger.warn({ endpoint: endpoint.name }, "voice live renewal failed; the current session goes on");
      this.retryRenewalLater(setup);
    });
    standby.on("message", (data, isBinary) => this.onMessage(data, isBinary, standby, endpoint));
    standby.on("open", () => {
      answered = true;
      endpoint.opened();
      const trySwap = () => {
        this.renewalTimer = undefined;
        if (this.standby !== standby || this.closed) return;
        if (!this.renewable()) {
          this.dropStandby();
          this.retryRenewalLater(setup);
          return;
        }
        const events = setup();
        if (events === undefined) {
          if (clock.now() - startedAtMs > RENEWAL_WINDOW_MS) {
            this.dropStandby();
            this.retryRenewalLater(setup);
            return;
          }
          this.renewalTimer = clock.setTimeout(trySwap, RENEWAL_POLL_MS);
          return;
        }
        for (const event of events) standby.send(encodeClientEvent(this.stamped(event)));
        const old = this.socket;
        this.standby = undefined;
        this.socket = standby;
        standby.removeAllListeners("close");
        this.clearHeartbeat();
        this.watch(standby, true, endpoint);
        if (old) discard(old, "session renewed");
        logger.info({ endpoint: endpoint.name }, "voice live session renewed");
        this.options.handlers.renewed?.();
      };
      trySwap();
    });
  }

  private retryRenewalLater(setup: () => ClientEvent[] | undefined): void {
    if (this.closed) return;
    if (this.renewalTimer !== undefined) this.options.clock.clearTimeout(this.renewalTimer);
    this.renewalTimer = this.options.clock.setTimeout(() => {
      this.renewalTimer = undefined;
      this.renew(setup);
    }, RENEWAL_RETRY_MS);
  }

  private dropStandby(): void {
    if (this.renewalTimer !== undefined) this.options.clock.clearTimeout(this.renewalTimer);
    this.renewalTimer = undefined;
    const standby = this.standby;
    this.standby = undefined;
    if (standby) discard(standby, "renewal abandoned");
  }

  private onMessage(
    data: WebSocket.RawData,
    isBinary: boolean,
    socket: WebSocket,
    endpoint: RoutedEndpoint,
  ): void {
    if (isBinary) {
      this.options.handlers.badMessage("invalid");
      return;
    }
    const event = parseServerEvent(data.toString());
    if (event.type === "invalid") this.options.handlers.badMessage("invalid");
    else if (event.type === "unknown") this.options.handlers.badMessage("unknown");
    else {
      if (event.type === "response.done" && this.endpointFailedResponse(event, socket, endpoint)) return;
      this.options.handlers.event(event);
    }
  }

  /**
   * Counts the response's tokens against its endpoint. A failed response that takes the endpoint out of
   * rotation (its tokens for the minute are spent) moves the call to another endpoint when one can take
   * it: the event is kept from the session, which sees a reconnect and asks for the answer again there.
   * True when the call is moving.
   */
  private endpointFailedResponse(
    event: Extract<ServerEvent, { type: "response.done" }>,
    socket: WebSocket,
    endpoint: RoutedEndpoint,
  ): boolean {
    const { response } = event;
    endpoint.tokens(response.usage?.total_tokens ?? 0);
    if (response.status !== "failed") return false;
    const failure = failureOf(response.status_details?.error);
    const out = endpoint.responseFailed(failure.code, failure.retryAfterMs);
    if (!out || socket !== this.socket || !this.renewable() || !this.route.hasAlternative(endpoint.name)) {
      return false;
    }
    this.options.logger.warn(
      { endpoint: endpoint.name, code: failure.code },
      "voice live endpoint fails responses; moving the call",
    );
    this.socket = undefined;
    this.clearHeartbeat();
    discard(socket, "moving to another endpoint");
    this.avoid = endpoint.name;
    this.dropped(0);
    return true;
  }

  private openSocket(url: string, headers: Record<string, string>): WebSocket {
    return this.options.createSocket
      ? this.options.createSocket(url, headers)
      : defaultVoiceLiveSocket(url, headers, this.connectTimeoutMs);
  }

  private async connect(): Promise<void> {
    const { logger } = this.options;
    this.firstAttemptAtMs ??= this.options.clock.now();
    const purpose: ConnectPurpose = this.everOpened ? "reconnect" : "call";
    const endpoint = this.chosenEndpoint ?? (await this.route.next(purpose, this.avoid));
    this.chosenEndpoint = undefined;
    if (this.closed) return;
    if (!endpoint) {
      // Every endpoint's budget is spent: wait as for a throttled service (the minute moves on).
      logger.warn("no voice live endpoint can take the connection now");
      this.throttled = { retryAfterMs: 0 };
      this.attemptFailed(undefined);
      return;
    }
    let headers: Record<string, string>;
    try {
      headers = { ...(await endpoint.auth()), "x-ms-client-request-id": this.options.requestId };
    } catch (error) {
      logger.warn({ err: errorLabel(error) }, "voice live credentials unavailable");
      this.attemptFailed(undefined);
      return;
    }
    if (this.closed) return;
    const socket = this.openSocket(endpoint.url, headers);
    // Never two sockets serving one call: one left here would outlive the call.
    const previous = this.socket;
    if (previous) {
      this.clearHeartbeat();
      discard(previous, "replaced");
    }
    this.socket = socket;
    let opened = false;
    let answered = false;

    socket.on("unexpected-response", (_request, response) => {
      answered = true;
      const status = response.statusCode ?? 0;
      const retryAfterMs = retryAfterOf(response.headers["retry-after"]);
      logger.warn({ status, retryAfterMs, endpoint: endpoint.name }, "voice live refused the connection");
      this.throttled = status === 429 || status === 503 ? { retryAfterMs: retryAfterMs ?? 0 } : undefined;
      endpoint.refused(status, retryAfterMs);
      response.resume();
      socket.terminate();
    });
    socket.on("open", () => {
      opened = true;
      answered = true;
      this.failedAttempts = 0;
      this.reconnectAttempts = 0;
      this.throttledAttempts = 0;
      this.failovers = 0;
      this.avoid = undefined;
      const reconnected = this.everOpened;
      this.everOpened = true;
      endpoint.opened();
      this.startHeartbeat(socket);
      logger.info({ reconnected, endpoint: endpoint.name }, "voice live connected");
      this.options.handlers.opened(reconnected);
    });
    socket.on("message", (data, isBinary) => this.onMessage(data, isBinary, socket, endpoint));
    socket.on("error", (error) => {
      logger.debug({ err: errorLabel(error) }, "voice live socket error");
    });
    this.watch(
      socket,
      () => opened,
      endpoint,
      () => answered,
    );
  }

  /** Heartbeat replies and the close of the socket serving the call. */
  private watch(
    socket: WebSocket,
    opened: boolean | (() => boolean),
    endpoint: RoutedEndpoint,
    answered: () => boolean = () => true,
  ): void {
    const wasOpened = typeof opened === "function" ? opened : () => opened;
    socket.on("pong", () => {
      if (this.socket === socket) this.awaitingPong = false;
    });
    socket.on("close", (code) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.clearHeartbeat();
      if (this.closed) return;
      this.options.logger.warn(
        { code, opened: wasOpened(), endpoint: endpoint.name },
        "voice live connection closed",
      );
      if (wasOpened()) {
        endpoint.dropped();
        // The reconnect goes elsewhere if it can: the drop may be the endpoint's.
        this.avoid = endpoint.name;
        this.dropped();
        return;
      }
      if (!answered()) endpoint.unreachable();
      this.attemptFailed(endpoint);
    });
    if (wasOpened()) this.startHeartbeat(socket);
  }

  /** A connection that had worked went away (or is moving): reconnect, within the call's budget. */
  private dropped(delayMs = this.retryDelayMs): void {
    this.generation++;
    this.dropStandby();
    if (this.reconnects >= this.maxReconnects) {
      this.giveUp();
      return;
    }
    this.reconnects++;
    this.reconnectAttempts = 1;
    this.options.handlers.lost();
    this.scheduleConnect(delayMs);
  }

  /** `endpoint`: where the attempt failed (undefined: it never got that far). */
  private attemptFailed(endpoint: RoutedEndpoint | undefined): void {
    if (this.closed) return;
    const throttled = this.throttled;
    this.throttled = undefined;
    // Another endpoint can take it now: go there at once, the caller is waiting.
    if (endpoint && this.failovers < MAX_FAILOVERS && this.route.hasAlternative(endpoint.name)) {
      this.failovers++;
      this.avoid = endpoint.name;
      this.scheduleConnect(0);
      return;
    }
    if (throttled && this.retryThrottled(throttled.retryAfterMs)) return;
    if (this.everOpened) {
      // Reconnecting after a drop: keep trying with growing pauses (the service may be restarting).
      if (this.reconnectAttempts >= this.maxReconnectAttempts) {
        this.giveUp();
        return;
      }
      const delayMs = Math.min(MAX_RETRY_DELAY_MS, this.retryDelayMs * 2 ** this.reconnectAttempts);
      this.reconnectAttempts++;
      this.scheduleConnect(delayMs);
      return;
    }
    // The first connection: the caller is waiting in silence, so one quick retry, then the tone.
    this.failedAttempts++;
    if (this.failedAttempts > 1) {
      this.giveUp();
      return;
    }
    this.scheduleConnect(this.retryDelayMs);
  }

  /**
   * Refused for load (429/503): wait what the service asks (Retry-After), at least a growing backoff,
   * and try again while the caller's patience lasts (a reconnect, within its attempts). False: give up.
   */
  private retryThrottled(retryAfterMs: number): boolean {
    const backoffMs = Math.min(MAX_RETRY_DELAY_MS, this.retryDelayMs * 2 ** this.throttledAttempts);
    const delayMs = Math.min(MAX_RETRY_AFTER_MS, Math.max(retryAfterMs, backoffMs));
    this.throttledAttempts++;
    if (this.everOpened) {
      if (this.reconnectAttempts >= this.maxReconnectAttempts) return false;
      this.reconnectAttempts++;
    } else {
      const waitedMs = this.options.clock.now() - (this.firstAttemptAtMs ?? this.options.clock.now());
      if (waitedMs + delayMs > this.connectPatienceMs) return false;
    }
    this.scheduleConnect(delayMs);
    return true;
  }

  private scheduleConnect(delayMs: number): void {
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      if (!this.closed) void this.connect();
    }, delayMs);
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
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.clearHeartbeat();
  }

  private clearHeartbeat(): void {
    if (this.heartbeat !== undefined) this.options.clock.clearTimeout(this.heartbeat);
    this.heartbeat = undefined;
  }
}

function discard(socket: WebSocket, reason: string): void {
  socket.removeAllListeners();
  socket.on("error", () => {}); // late errors of a socket we are discarding
  if (socket.readyState === WebSocket.OPEN) socket.close(1000, reason);
  else socket.terminate();
}

/**
 * The code of a failed response and, for the token rate limit, the wait its message names ("Please try
 * again in 12s."); the message itself is never kept (it may quote the request).
 */
function failureOf(error: unknown): { code: string | undefined; retryAfterMs: number | undefined } {
  if (typeof error !== "object" || error === null) return { code: undefined, retryAfterMs: undefined };
  const code = "code" in error && typeof error.code === "string" ? error.code.slice(0, 64) : undefined;
  const message = "message" in error && typeof error.message === "string" ? error.message : "";
  const seconds = /try again in (\d+(?:\.\d+)?)\s*s/i.exec(message)?.[1];
  return { code, retryAfterMs: seconds === undefined ? undefined : Number(seconds) * 1000 };
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
function retryAfterOf(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
