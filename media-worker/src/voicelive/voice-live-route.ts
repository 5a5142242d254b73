// What a call's Voice Live connection asks of the pool: where to connect next, and what happened there.
// The connection knows the wire and its retry rules; the pool knows the endpoints, their budgets and
// their health. A route of one fixed endpoint (`fixedRoute`) keeps the connection usable on its own.

import type { VoiceLiveAuth } from "./voice-live-auth.js";

/** Why a connection is opened: a new call, a reconnect after a drop (or a move), a renewal. */
export type ConnectPurpose = "call" | "reconnect" | "renewal";

/** One endpoint handed out for one connection; its reports feed the endpoint's health and usage. */
export interface RoutedEndpoint {
  readonly name: string;
  /** wss://…/voice-live/realtime?api-version=…&model=… */
  readonly url: string;
  readonly auth: VoiceLiveAuth;
  /** The WebSocket opened. */
  opened(): void;
  /** The upgrade was answered with an HTTP status (429/503 with the service's Retry-After). */
  refused(status: number, retryAfterMs: number | undefined): void;
  /** No answer: a connect error or a handshake that timed out. */
  unreachable(): void;
  /** An open connection closed without our asking. */
  dropped(): void;
  /** A response finished and used this many tokens (`response.done` usage). */
  tokens(count: number): void;
  /** A response failed; true when the endpoint is now out of rotation (the call should move if it can). */
  responseFailed(code: string | undefined, retryAfterMs: number | undefined): boolean;
}

export interface VoiceLiveRoute {
  /**
   * The endpoint for the next connection, preferring one other than `avoid`; undefined when none has
   * budget left (for a new call: also when every endpoint is out of rotation for longer than it can wait).
   */
  next(purpose: ConnectPurpose, avoid?: string): Promise<RoutedEndpoint | undefined>;
  /** Whether another endpoint than `name` could take a connection now (this replica's view, no round trip). */
  hasAlternative(name: string): boolean;
}

/** One endpoint, always: the connection behaves as it did before there was a pool. */
export function fixedRoute(url: string, auth: VoiceLiveAuth): VoiceLiveRoute {
  const endpoint: RoutedEndpoint = {
    name: "default",
    url,
    auth,
    opened: () => {},
    refused: () => {},
    unreachable: () => {},
    dropped: () => {},
    tokens: () => {},
    responseFailed: () => false,
  };
  return {
    next: () => Promise.resolve(endpoint),
    hasAlternative: () => false,
  };
}
