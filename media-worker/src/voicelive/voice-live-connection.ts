import type { IncomingMessage } from "node:http";
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
import { Heartbeat } from "../net/heartbeat.js";
import type { VoiceLiveAuth } from "./voice-live-auth.js";
import type {
  Connecting,
  ConnectionState,
  Leg,
  Open,
  Reconnecting,
  RenewalReady,
  Standby,
  Swapping,
} from "./voice-live-connection-state.js";
import { fixedRoute, type RoutedEndpoint, type VoiceLiveRoute } from "./voice-live-route.js";

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
 *
 * Its state is one value: connecting → open ⇄ swapping, open | swapping → reconnecting → open, and
 * closed from anywhere. Each socket's events are read against it: the same close is a failed try, a
 * drop or a failed renewal depending on which socket the state holds.
 */
export class VoiceLiveConnection {
  private readonly options: VoiceLiveConnectionOptions;
  private readonly route: VoiceLiveRoute;
  private readonly connectTimeoutMs: number;
  private readonly retryDelayMs: number;
  private readonly heartbeatIntervalMs: number;
  private readonly maxReconnects: number;
  private readonly maxReconnectAttempts: number;
  private readonly connectPatienceMs: number;
  private state: ConnectionState;
  /** Reconnects over the whole call, within maxReconnects. */
  private reconnects = 0;
  private eventSequence = 0;

  constructor(options: VoiceLiveConnectionOptions) {
    this.options = options;
    this.route = "route" in options ? options.route : fixedRoute(options.url, options.auth);
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
    this.maxReconnects = options.maxReconnects ?? DEFAULT_MAX_RECONNECTS;
    this.maxReconnectAttempts = options.maxReconnectAttempts ?? DEFAULT_MAX_RECONNECT_ATTEMPTS;
    this.connectPatienceMs = options.connectPatienceMs ?? DEFAULT_CONNECT_PATIENCE_MS;
    this.state = {
      kind: "connecting",
      leg: undefined,
      timer: undefined,
      avoid: undefined,
      failovers: 0,
      throttledTries: 0,
      renewLater: undefined,
      admitted: "route" in options ? options.initialEndpoint : undefined,
      startedAtMs: options.clock.now(),
      failures: 0,
    };
  }

  get isOpen(): boolean {
    const serving = this.serving();
    return serving?.leg.socket.readyState === WebSocket.OPEN;
  }

  start(): void {
    const state = this.state;
    if (state.kind !== "connecting") return;
    state.startedAtMs = this.options.clock.now();
    void this.connect(state);
  }

  /**
   * Sends a control event, stamped with an `event_id` unless it has one, so that an `error` the
   * service sends about it names it. (Audio appends go through `sendText` without one: the service
   * never answers them, and nothing could be done about a refused frame of audio.)
   */
  send(event: ClientEvent): boolean {
    return this.sendText(encodeClientEvent(this.stamped(event)));
  }

  /** For pre-encoded events (the audio append hot path). */
  sendText(text: string): boolean {
    const socket = this.serving()?.leg.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(text);
    return true;
  }

  close(): void {
    const state = this.state;
    if (state.kind === "closed") return;
    this.state = { kind: "closed" };
    switch (state.kind) {
      case "connecting":
      case "reconnecting":
        this.clearTimer(state.timer);
        this.clearTimer(state.renewLater);
        if (state.leg) discard(state.leg.socket, "call ended");
        return;
      case "open":
      case "swapping":
        this.leave(state);
        discard(state.leg.socket, "call ended");
        return;
    }
  }

  /**
   * Opens a second session while this one still serves the call. Once it is open, `ready(swap)` is
   * called; the session calls `swap(events)` at a quiet moment (at once, or when the call becomes
   * quiet): the events are sent on the new socket, which then replaces the old one, and the old one is
   * closed. A replacement not swapped in within RENEWAL_WINDOW_MS is dropped and tried again later, as is
   * one asked for while the connection is not open. Messages of the new session reach the handlers from
   * the moment it opens.
   */
  renew(ready: RenewalReady): void {
    const state = this.state;
    switch (state.kind) {
      case "closed":
      case "swapping":
        return;
      case "connecting":
      case "reconnecting":
        // A swap now would discard the socket whose `open` restores the call's audio.
        this.renewLater(ready);
        return;
      case "open": {
        if (state.leg.socket.readyState !== WebSocket.OPEN) {
          this.renewLater(ready);
          return;
        }
        this.clearTimer(state.renewLater);
        const standby: Standby = { ready, leg: undefined, window: undefined };
        this.state = { kind: "swapping", leg: state.leg, heartbeat: state.heartbeat, standby };
        void this.openStandby(standby);
        return;
      }
    }
  }

  // ---- connecting -----------------------------------------------------------------------------------

  private async connect(state: Connecting | Reconnecting): Promise<void> {
    const { logger } = this.options;
    let endpoint = state.kind === "connecting" ? state.admitted : undefined;
    if (state.kind === "connecting") state.admitted = undefined;
    endpoint ??= await this.route.next(state.kind === "connecting" ? "call" : "reconnect", state.avoid);
    if (this.state !== state) return;
    if (!endpoint) {
      // Every endpoint's budget is spent: wait as for a throttled service (the minute moves on).
      logger.warn("no voice live endpoint can take the connection now");
      this.attemptFailed(state, undefined, { retryAfterMs: 0 });
      return;
    }
    let headers: Record<string, string>;
    try {
      headers = await this.headersFor(endpoint);
    } catch (error) {
      logger.warn({ err: errorLabel(error) }, "voice live credentials unavailable");
      this.attemptFailed(state, undefined, undefined);
      return;
    }
    if (this.state !== state) return;
    const leg = this.dial(endpoint, headers);
    // Never two sockets serving one call: one left here would outlive the call.
    if (state.leg) discard(state.leg.socket, "replaced");
    state.leg = leg;
  }

  private attemptOpened(state: Connecting | Reconnecting, leg: Leg): void {
    const { endpoint } = leg;
    const reconnected = state.kind === "reconnecting";
    const heartbeat = this.heartbeatOf(leg);
    this.state = { kind: "open", leg, heartbeat, renewLater: state.renewLater };
    endpoint.opened();
    heartbeat.start();
    this.options.logger.info({ reconnected, endpoint: endpoint.name }, "voice live connected");
    this.options.handlers.opened(reconnected);
  }

  private attemptClosed(state: Connecting | Reconnecting, leg: Leg, code: number): void {
    state.leg = undefined;
    this.options.logger.warn(
      { code, opened: false, endpoint: leg.endpoint.name },
      "voice live connection closed",
    );
    if (!leg.answered) leg.endpoint.unreachable();
    this.attemptFailed(state, leg.endpoint, leg.throttled);
  }

  /** `endpoint`: where the try failed (undefined: it never got that far). */
  private attemptFailed(
    state: Connecting | Reconnecting,
    endpoint: RoutedEndpoint | undefined,
    throttled: { retryAfterMs: number } | undefined,
  ): void {
    if (this.state !== state) return;
    // Another endpoint can take it now: go there at once, the caller is waiting.
    if (endpoint && state.failovers < MAX_FAILOVERS && this.route.hasAlternative(endpoint.name)) {
      state.failovers++;
      state.avoid = endpoint.name;
      this.scheduleConnect(state, 0);
      return;
    }
    if (throttled && this.retryThrottled(state, throttled.retryAfterMs)) return;
    if (state.kind === "reconnecting") {
      // Reconnecting after a drop: keep trying with growing pauses (the service may be restarting).
      if (state.tries >= this.maxReconnectAttempts) {
        this.giveUp();
        return;
      }
      const delayMs = Math.min(MAX_RETRY_DELAY_MS, this.retryDelayMs * 2 ** state.tries);
      state.tries++;
      this.scheduleConnect(state, delayMs);
      return;
    }
    // The first connection: the caller is waiting in silence, so one quick retry, then the tone.
    state.failures++;
    if (state.failures > 1) {
      this.giveUp();
      return;
    }
    this.scheduleConnect(state, this.retryDelayMs);
  }

  /**
   * Refused for load (429/503): wait what the service asks (Retry-After), at least a growing backoff,
   * and try again while the caller's patience lasts (a reconnect, within its attempts). False: give up.
   */
  private retryThrottled(state: Connecting | Reconnecting, retryAfterMs: number): boolean {
    const backoffMs = Math.min(MAX_RETRY_DELAY_MS, this.retryDelayMs * 2 ** state.throttledTries);
    const delayMs = Math.min(MAX_RETRY_AFTER_MS, Math.max(retryAfterMs, backoffMs));
    state.throttledTries++;
    if (state.kind === "reconnecting") {
      if (state.tries >= this.maxReconnectAttempts) return false;
      state.tries++;
    } else {
      const waitedMs = this.options.clock.now() - state.startedAtMs;
      if (waitedMs + delayMs > this.connectPatienceMs) return false;
    }
    this.scheduleConnect(state, delayMs);
    return true;
  }

  private scheduleConnect(state: Connecting | Reconnecting, delayMs: number): void {
    state.timer = this.options.clock.setTimeout(() => {
      state.timer = undefined;
      if (this.state === state) void this.connect(state);
    }, delayMs);
  }

  private giveUp(): void {
    if (this.state.kind === "closed") return;
    this.options.logger.error("voice live unavailable");
    this.close();
    this.options.handlers.failed();
  }

  // ---- serving the call -----------------------------------------------------------------------------

  private serving(): Open | Swapping | undefined {
    const state = this.state;
    return state.kind === "open" || state.kind === "swapping" ? state : undefined;
  }

  private servingClosed(state: Open | Swapping, code: number): void {
    const { endpoint } = state.leg;
    this.options.logger.warn({ code, opened: true, endpoint: endpoint.name }, "voice live connection closed");
    endpoint.dropped();
    // The reconnect goes elsewhere if it can: the drop may be the endpoint's.
    this.dropped(state, endpoint.name, this.retryDelayMs);
  }

  /** A connection that had worked went away (or is moving): reconnect, within the call's budget. */
  private dropped(state: Open | Swapping, avoid: string, delayMs: number): void {
    this.leave(state);
    const reconnecting: Reconnecting = {
      kind: "reconnecting",
      leg: undefined,
      timer: undefined,
      avoid,
      failovers: 0,
      throttledTries: 0,
      renewLater: undefined,
      tries: 1,
    };
    this.state = reconnecting;
    if (this.reconnects >= this.maxReconnects) {
      this.giveUp();
      return;
    }
    this.reconnects++;
    this.options.handlers.lost();
    this.scheduleConnect(reconnecting, delayMs);
  }

  /** Stops what the serving state runs besides its socket: heartbeat, replacement, renewal retry. */
  private leave(state: Open | Swapping): void {
    state.heartbeat.stop();
    if (state.kind === "swapping") this.dropStandby(state.standby);
    else this.clearTimer(state.renewLater);
  }

  private heartbeatOf(leg: Leg): Heartbeat {
    return new Heartbeat({
      clock: this.options.clock,
      intervalMs: this.heartbeatIntervalMs,
      ping: () => leg.socket.ping(),
      missed: () => {
        this.options.logger.warn("voice live heartbeat missed");
        leg.socket.terminate();
      },
    });
  }

  /**
   * Counts the response's tokens against its endpoint. A failed response that takes the endpoint out of
   * rotation (its tokens for the minute are spent) moves the call to another endpoint when one can take
   * it: the event is kept from the session, which sees a reconnect and asks for the answer again there.
   * True when the call is moving.
   */
  private endpointFailedResponse(event: Extract<ServerEvent, { type: "response.done" }>, leg: Leg): boolean {
    const { endpoint } = leg;
    const { response } = event;
    endpoint.tokens(response.usage?.total_tokens ?? 0);
    if (response.status !== "failed") return false;
    const failure = failureOf(response.status_details?.error);
    const out = endpoint.responseFailed(failure.code, failure.retryAfterMs);
    const state = this.serving();
    if (
      !out ||
      state?.leg !== leg ||
      leg.socket.readyState !== WebSocket.OPEN ||
      !this.route.hasAlternative(endpoint.name)
    ) {
      return false;
    }
    this.options.logger.warn(
      { endpoint: endpoint.name, code: failure.code },
      "voice live endpoint fails responses; moving the call",
    );
    discard(leg.socket, "moving to another endpoint");
    this.dropped(state, endpoint.name, 0);
    return true;
  }

  /** Read after an await: the state may have changed meanwhile. */
  private get isClosed(): boolean {
    return this.state.kind === "closed";
  }

  // ---- renewal --------------------------------------------------------------------------------------

  private async openStandby(standby: Standby): Promise<void> {
    const { logger, clock } = this.options;
    // A renewal is a new connection like any other: it may go to another endpoint than the call's.
    const endpoint = await this.route.next("renewal");
    if (this.isClosed) return;
    if (!endpoint) {
      this.abandonStandby(standby);
      return;
    }
    let headers: Record<string, string>;
    try {
      headers = await this.headersFor(endpoint);
    } catch (error) {
      logger.warn({ err: errorLabel(error) }, "voice live credentials unavailable for renewal");
      this.abandonStandby(standby);
      return;
    }
    if (this.isClosed) return;
    const state = this.state;
    // A drop meanwhile: the reconnect restores the call; this renewal is tried again later.
    if (
      state.kind !== "swapping" ||
      state.standby !== standby ||
      state.leg.socket.readyState !== WebSocket.OPEN
    ) {
      this.abandonStandby(standby);
      return;
    }
    standby.leg = this.dial(endpoint, headers);
    standby.window = clock.setTimeout(() => {
      standby.window = undefined;
      this.abandonStandby(standby);
    }, RENEWAL_WINDOW_MS);
  }

  private standbyOpened(state: Swapping, leg: Leg): void {
    const { standby } = state;
    leg.endpoint.opened();
    if (state.leg.socket.readyState !== WebSocket.OPEN) {
      this.abandonStandby(standby);
      return;
    }
    standby.ready((events) => this.swap(standby, events));
  }

  /** The session's moment: the replacement gets its events and takes over; the old socket is closed. */
  private swap(standby: Standby, events: ClientEvent[]): boolean {
    const state = this.state;
    const leg = standby.leg;
    if (state.kind !== "swapping" || state.standby !== standby || !leg) return false;
    if (state.leg.socket.readyState !== WebSocket.OPEN) {
      this.abandonStandby(standby);
      return false;
    }
    for (const event of events) leg.socket.send(encodeClientEvent(this.stamped(event)));
    this.clearTimer(standby.window);
    state.heartbeat.stop();
    const heartbeat = this.heartbeatOf(leg);
    this.state = { kind: "open", leg, heartbeat, renewLater: undefined };
    heartbeat.start();
    discard(state.leg.socket, "session renewed");
    this.options.logger.info({ endpoint: leg.endpoint.name }, "voice live session renewed");
    this.options.handlers.renewed?.();
    return true;
  }

  private standbyClosed(standby: Standby, leg: Leg): void {
    standby.leg = undefined;
    if (!leg.answered) leg.endpoint.unreachable();
    this.options.logger.warn(
      { endpoint: leg.endpoint.name },
      "voice live renewal failed; the current session goes on",
    );
    this.abandonStandby(standby);
  }

  /** The replacement goes (it failed, found no quiet moment, or met a drop); the renewal is tried later. */
  private abandonStandby(standby: Standby): void {
    const state = this.state;
    if (state.kind === "closed") return;
    if (state.kind === "swapping" && state.standby === standby) {
      this.dropStandby(standby);
      this.state = { kind: "open", leg: state.leg, heartbeat: state.heartbeat, renewLater: undefined };
    }
    this.renewLater(standby.ready);
  }

  private dropStandby(standby: Standby): void {
    this.clearTimer(standby.window);
    standby.window = undefined;
    const leg = standby.leg;
    standby.leg = undefined;
    if (leg) discard(leg.socket, "renewal abandoned");
  }

  private renewLater(ready: RenewalReady): void {
    const state = this.state;
    if (state.kind === "closed" || state.kind === "swapping") return;
    this.clearTimer(state.renewLater);
    const timer = this.options.clock.setTimeout(() => {
      const now = this.state;
      if (now.kind !== "closed" && now.kind !== "swapping" && now.renewLater === timer) {
        now.renewLater = undefined;
      }
      this.renew(ready);
    }, RENEWAL_RETRY_MS);
    state.renewLater = timer;
  }

  // ---- sockets --------------------------------------------------------------------------------------

  /** Opens a socket whose events are read against the state: which socket it is decides what they mean. */
  private dial(endpoint: RoutedEndpoint, headers: Record<string, string>): Leg {
    const socket = this.options.createSocket
      ? this.options.createSocket(endpoint.url, headers)
      : defaultVoiceLiveSocket(endpoint.url, headers, this.connectTimeoutMs);
    const leg: Leg = { socket, endpoint, answered: false, throttled: undefined };
    socket.on("unexpected-response", (_request, response) => this.refused(leg, response));
    socket.on("open", () => this.legOpened(leg));
    socket.on("message", (data, isBinary) => this.onMessage(data, isBinary, leg));
    socket.on("pong", () => {
      const serving = this.serving();
      if (serving?.leg === leg) serving.heartbeat.pong();
    });
    socket.on("error", (error) => {
      const standby = this.state.kind === "swapping" && this.state.standby.leg === leg;
      this.options.logger.debug(
        { err: errorLabel(error) },
        standby ? "voice live standby error" : "voice live socket error",
      );
    });
    socket.on("close", (code) => this.legClosed(leg, code));
    return leg;
  }

  private refused(leg: Leg, response: IncomingMessage): void {
    leg.answered = true;
    const status = response.statusCode ?? 0;
    const retryAfterMs = retryAfterOf(response.headers["retry-after"]);
    const state = this.state;
    if ((state.kind === "connecting" || state.kind === "reconnecting") && state.leg === leg) {
      this.options.logger.warn(
        { status, retryAfterMs, endpoint: leg.endpoint.name },
        "voice live refused the connection",
      );
      leg.throttled = status === 429 || status === 503 ? { retryAfterMs: retryAfterMs ?? 0 } : undefined;
    }
    leg.endpoint.refused(status, retryAfterMs);
    response.resume();
    leg.socket.terminate();
  }

  private legOpened(leg: Leg): void {
    leg.answered = true;
    const state = this.state;
    if ((state.kind === "connecting" || state.kind === "reconnecting") && state.leg === leg) {
      this.attemptOpened(state, leg);
    } else if (state.kind === "swapping" && state.standby.leg === leg) {
      this.standbyOpened(state, leg);
    }
  }

  private legClosed(leg: Leg, code: number): void {
    const state = this.state;
    switch (state.kind) {
      case "connecting":
      case "reconnecting":
        if (state.leg === leg) this.attemptClosed(state, leg, code);
        return;
      case "open":
      case "swapping":
        if (state.leg === leg) this.servingClosed(state, code);
        else if (state.kind === "swapping" && state.standby.leg === leg)
          this.standbyClosed(state.standby, leg);
        return;
      case "closed":
        return;
    }
  }

  private onMessage(data: WebSocket.RawData, isBinary: boolean, leg: Leg): void {
    if (isBinary) {
      this.options.handlers.badMessage("invalid");
      return;
    }
    const event = parseServerEvent(data.toString());
    if (event.type === "invalid") this.options.handlers.badMessage("invalid");
    else if (event.type === "unknown") this.options.handlers.badMessage("unknown");
    else {
      if (event.type === "response.done" && this.endpointFailedResponse(event, leg)) return;
      this.options.handlers.event(event);
    }
  }

  private stamped(event: ClientEvent): ClientEvent {
    return event.event_id === undefined ? { ...event, event_id: `evt-${++this.eventSequence}` } : event;
  }

  private async headersFor(endpoint: RoutedEndpoint): Promise<Record<string, string>> {
    return { ...(await endpoint.auth()), "x-ms-client-request-id": this.options.requestId };
  }

  private clearTimer(timer: TimerHandle | undefined): void {
    if (timer !== undefined) this.options.clock.clearTimeout(timer);
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
