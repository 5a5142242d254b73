// The quotas of one Voice Live resource (Azure AI Services S0: 30 new connections a minute, 120,000
// tokens a minute), shared by every session of the emulator as they are by every call of a resource.
// A connection above the rate is refused at the upgrade with 429 and a Retry-After; a response asked
// for while the tokens of the last minute are spent fails (`response.done` with status "failed" and a
// `rate_limit_exceeded` error) instead of being spoken. Off unless limits are given.

import type { Clock } from "./timers.js";

export interface QuotaLimits {
  /** New WebSocket sessions accepted per window; absent: unlimited. */
  connectionsPerMinute?: number;
  /** Tokens (response.done usage.total_tokens) per window; absent: unlimited. */
  tokensPerMinute?: number;
  /** The sliding window; default 60 000 ms (tests shorten it). */
  windowMs?: number;
}

const DEFAULT_WINDOW_MS = 60_000;

export type Admission = { ok: true } | { ok: false; retryAfterSec: number };

export class ResourceQuota {
  private limits: QuotaLimits;
  /** When each admitted connection of the window opened. */
  private connections: number[] = [];
  /** Tokens charged in the window, oldest first. */
  private tokens: { atMs: number; count: number }[] = [];

  constructor(
    limits: QuotaLimits,
    private readonly clock: Clock,
  ) {
    this.limits = limits;
  }

  setLimits(limits: QuotaLimits): void {
    this.limits = limits;
  }

  /** Counts a new connection if the rate allows one now. */
  admitConnection(): Admission {
    const limit = this.limits.connectionsPerMinute;
    if (limit === undefined) return { ok: true };
    const now = this.clock.now();
    this.connections = this.connections.filter((at) => at > now - this.windowMs);
    if (this.connections.length >= limit) {
      const oldest = this.connections[0] ?? now;
      return { ok: false, retryAfterSec: this.secondsUntil(oldest + this.windowMs, now) };
    }
    this.connections.push(now);
    return { ok: true };
  }

  /** Whether a response may run now; if not, how long until the window has room. */
  admitResponse(): Admission {
    const limit = this.limits.tokensPerMinute;
    if (limit === undefined) return { ok: true };
    const now = this.clock.now();
    this.tokens = this.tokens.filter((entry) => entry.atMs > now - this.windowMs);
    const spent = this.tokens.reduce((sum, entry) => sum + entry.count, 0);
    if (spent < limit) return { ok: true };
    const oldest = this.tokens[0]?.atMs ?? now;
    return { ok: false, retryAfterSec: this.secondsUntil(oldest + this.windowMs, now) };
  }

  /** A response finished and used this many tokens. */
  charge(count: number): void {
    if (this.limits.tokensPerMinute === undefined || count <= 0) return;
    this.tokens.push({ atMs: this.clock.now(), count });
  }

  private get windowMs(): number {
    return this.limits.windowMs ?? DEFAULT_WINDOW_MS;
  }

  private secondsUntil(atMs: number, now: number): number {
    return Math.max(1, Math.ceil((atMs - now) / 1000));
  }
}

/** The failure a response gets while the token quota is spent (shape of OpenAI-compatible realtime). */
export function tokenQuotaFailure(retryAfterSec: number): Record<string, unknown> {
  return {
    type: "failed",
    error: {
      type: "tokens",
      code: "rate_limit_exceeded",
      message: `Rate limit reached for tokens per minute. Please try again in ${retryAfterSec}s.`,
    },
  };
}
