// How often one supervisor may whisper: each whisper becomes a system message in the model's context for
// the rest of the call, so a flood (a stuck key, a script) would crowd the conversation and cost tokens.
// A sliding window per principal. It lives in this instance's memory: with several Functions instances a
// supervisor gets this many per instance, which still bounds a flood.

export interface WhisperLimit {
  whispers: number;
  windowMs: number;
}

/** Ten instructions a minute is more than a person types; a script is stopped within the minute. */
export const DEFAULT_WHISPER_LIMIT: WhisperLimit = { whispers: 10, windowMs: 60_000 };

/** Principals remembered at once; the least recently active is forgotten first. */
const MAX_PRINCIPALS = 1000;

export type WhisperDecision = { ok: true } | { ok: false; retryAfterMs: number };

export class WhisperRateLimit {
  /** Per principal, the times of its whispers inside the window (oldest first); insertion order = recency. */
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly limit: WhisperLimit = DEFAULT_WHISPER_LIMIT,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Counts a whisper for `principal` when the window has room; otherwise says how long until it has. */
  take(principal: string): WhisperDecision {
    const nowMs = this.now().getTime();
    const times = (this.recent.get(principal) ?? []).filter((at) => nowMs - at < this.limit.windowMs);
    this.recent.delete(principal);
    if (times.length >= this.limit.whispers) {
      this.recent.set(principal, times);
      const oldest = times[0] ?? nowMs;
      return { ok: false, retryAfterMs: oldest + this.limit.windowMs - nowMs };
    }
    times.push(nowMs);
    this.recent.set(principal, times);
    if (this.recent.size > MAX_PRINCIPALS) {
      const stalest = this.recent.keys().next().value;
      if (stalest !== undefined) this.recent.delete(stalest);
    }
    return { ok: true };
  }
}
