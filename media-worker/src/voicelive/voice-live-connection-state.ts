// What a call's Voice Live connection is at any moment, as one value (VoiceLiveConnection holds it in one
// field, as ws holds `readyState`): connecting → open ⇄ swapping, open | swapping → reconnecting → open,
// and closed from anywhere. Each variant carries what only it needs: the socket being tried and its retry
// timer, the socket serving the call and its heartbeat, the replacement waiting to take over.

import type { ClientEvent, TimerHandle } from "@acs-voice/shared";
import type WebSocket from "ws";
import type { Heartbeat } from "../net/heartbeat.js";
import type { RoutedEndpoint } from "./voice-live-route.js";

/**
 * Called once a replacement session is open, with the function that hands the call over to it: `swap`
 * sends the replacement its events and makes it the call's socket (the old one is closed). False: the
 * replacement is gone or the connection is reconnecting; the renewal is tried again later.
 */
export type RenewalReady = (swap: (events: ClientEvent[]) => boolean) => void;

/** One WebSocket to one endpoint: a connection attempt, the socket serving the call, or a replacement. */
export interface Leg {
  readonly socket: WebSocket;
  readonly endpoint: RoutedEndpoint;
  /** The service answered the upgrade (opened or refused it); a close before that: unreachable. */
  answered: boolean;
  /** The upgrade was refused for load (429/503) with this wait. */
  throttled: { retryAfterMs: number } | undefined;
}

/** What tries to connect carry until one opens. */
export interface Attempting {
  /** The socket being opened; none while route and credentials are awaited or a try is scheduled. */
  leg: Leg | undefined;
  /** The next try, when one is scheduled. */
  timer: TimerHandle | undefined;
  /** The endpoint to stay away from (it dropped, failed or refused the call). */
  avoid: string | undefined;
  /** Tries sent straight on to another endpoint. */
  failovers: number;
  /** Tries refused for load, for the growing backoff. */
  throttledTries: number;
  /** A renewal that met this state, tried again later. */
  renewLater: TimerHandle | undefined;
}

/** The call's first connection: the caller waits in silence. */
export interface Connecting extends Attempting {
  kind: "connecting";
  /** The endpoint the call was admitted with: the first try goes there without asking again. */
  admitted: RoutedEndpoint | undefined;
  /** When the first try began, for the caller's patience with a throttled service. */
  startedAtMs: number;
  /** Tries that failed for other reasons than load: one quick retry, then the call gives up. */
  failures: number;
}

/** A connection that had worked dropped (or the call is moving): tries with backoff. */
export interface Reconnecting extends Attempting {
  kind: "reconnecting";
  /** Tries since the drop, within maxReconnectAttempts. */
  tries: number;
}

/** The socket serving the call. */
export interface Serving {
  leg: Leg;
  heartbeat: Heartbeat;
}

export interface Open extends Serving {
  kind: "open";
  /** A renewal that failed, tried again later. */
  renewLater: TimerHandle | undefined;
}

/** The call is served while its replacement is prepared, opens, and waits for the session's swap. */
export interface Swapping extends Serving {
  kind: "swapping";
  standby: Standby;
}

export interface Standby {
  ready: RenewalReady;
  /** Its socket, once route and credentials gave one. */
  leg: Leg | undefined;
  /** Ends the wait for a quiet moment. */
  window: TimerHandle | undefined;
}

export type ConnectionState = Connecting | Open | Reconnecting | Swapping | { kind: "closed" };
