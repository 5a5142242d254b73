// Whether one Voice Live endpoint takes new connections now, as this replica has seen it: a refusal, an
// unreachable endpoint or failing responses take it out of rotation for a while (what the service asked
// with Retry-After, else a backoff that grows while it keeps failing); a connection that opens brings it
// back. Out of rotation is a preference, not a ban: when every endpoint is out, the pool still offers the
// one that comes back first (and the connection waits as it did with one endpoint).

import type { Clock } from "@acs-voice/shared";

export type OutReason = "throttled" | "refused" | "unreachable" | "failing-responses";

/** First pause after a failure; doubled for each further one in a row. */
const FAILURE_BACKOFF_MS = 10_000;
const MAX_FAILURE_BACKOFF_MS = 120_000;
/** A Retry-After beyond this is not honoured in full: the resource is tried again by then. */
const MAX_RETRY_AFTER_MS = 300_000;
/** Without a Retry-After, a rate-limited response keeps the endpoint out this long. */
const RATE_LIMITED_MS = 10_000;
/** Failed responses (other than the rate limit) this close together take the endpoint out. */
const FAILED_RESPONSES_WINDOW_MS = 60_000;
const FAILED_RESPONSES_LIMIT = 2;

export class EndpointRotation {
  private outUntilMs = 0;
  private outReason: OutReason | undefined;
  /** When the current period out of rotation began; undefined while in rotation. */
  private outSinceMs: number | undefined;
  private closedOutMs = 0;
  private failuresInARow = 0;
  /** When the recent failed responses came (at most FAILED_RESPONSES_LIMIT). */
  private failedResponsesAtMs: number[] = [];

  constructor(private readonly clock: Clock) {}

  /** In rotation now. */
  get isIn(): boolean {
    this.settle();
    return this.outSinceMs === undefined;
  }

  /** Why it is out, while it is. */
  get reason(): OutReason | undefined {
    return this.isIn ? undefined : this.outReason;
  }

  /** How long until it is back in rotation (0 when it is in). */
  get backInMs(): number {
    return this.isIn ? 0 : this.outUntilMs - this.clock.now();
  }

  /** Every period out of rotation so far, the current one up to now. */
  get outOfRotationMs(): number {
    this.settle();
    const current = this.outSinceMs === undefined ? 0 : this.clock.now() - this.outSinceMs;
    return this.closedOutMs + current;
  }

  /** 429 (or 503) with the service's Retry-After: out for as long as it asked. Returns how long. */
  throttled(retryAfterMs: number | undefined): number {
    return this.takeOut("throttled", retryAfterMs ?? this.nextBackoffMs());
  }

  /** Refused for another reason (401, 404, 5xx) or unreachable (connect error, handshake timeout). */
  failed(reason: "refused" | "unreachable"): number {
    return this.takeOut(reason, this.nextBackoffMs());
  }

  /**
   * A response failed on it. The token rate limit (`rate_limit_exceeded`) counts at once: the minute's
   * tokens of the whole resource are spent. Other failures count when they repeat. Returns how long the
   * endpoint is out, or undefined when it stays in.
   */
  responseFailed(code: string | undefined, retryAfterMs: number | undefined): number | undefined {
    if (code === "rate_limit_exceeded") {
      return this.takeOut("failing-responses", retryAfterMs ?? RATE_LIMITED_MS);
    }
    const now = this.clock.now();
    this.failedResponsesAtMs = [
      ...this.failedResponsesAtMs.filter((at) => at > now - FAILED_RESPONSES_WINDOW_MS),
      now,
    ].slice(-FAILED_RESPONSES_LIMIT);
    if (this.failedResponsesAtMs.length < FAILED_RESPONSES_LIMIT) return undefined;
    this.failedResponsesAtMs = [];
    return this.takeOut("failing-responses", this.nextBackoffMs());
  }

  /** A connection opened (tried as the last resort while out): it is back, and its backoff starts over. */
  succeeded(): void {
    this.failuresInARow = 0;
    if (this.outSinceMs === undefined) return;
    this.outUntilMs = Math.min(this.outUntilMs, this.clock.now());
    this.settle();
  }

  private nextBackoffMs(): number {
    this.failuresInARow++;
    return Math.min(MAX_FAILURE_BACKOFF_MS, FAILURE_BACKOFF_MS * 2 ** (this.failuresInARow - 1));
  }

  private takeOut(reason: OutReason, forMs: number): number {
    const now = this.clock.now();
    const untilMs = now + Math.max(1_000, Math.min(MAX_RETRY_AFTER_MS, forMs));
    this.settle();
    this.outSinceMs ??= now;
    if (untilMs >= this.outUntilMs) {
      this.outUntilMs = untilMs;
      this.outReason = reason;
    }
    return this.outUntilMs - now;
  }

  /** Closes a period out of rotation whose end has passed. */
  private settle(): void {
    if (this.outSinceMs === undefined || this.clock.now() < this.outUntilMs) return;
    this.closedOutMs += this.outUntilMs - this.outSinceMs;
    this.outSinceMs = undefined;
    this.outReason = undefined;
  }
}
