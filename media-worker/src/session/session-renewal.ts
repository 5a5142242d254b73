import type { ClientEvent, Clock, TimerHandle } from "@acs-voice/shared";

export interface SessionRenewalSettings {
  /** Session age at which a replacement is opened, when the service gives no `expires_at`. */
  renewAfterMs: number;
  /** How long before `expires_at` the replacement is opened. */
  renewMarginMs: number;
}

/**
 * Hands the call over to an open replacement session: sends it `events` and makes it the call's.
 * False: the replacement is gone (or the link is reconnecting); the link tries again later.
 */
export type SessionSwap = (events: ClientEvent[]) => boolean;

/** What renewal needs of its call. */
export interface SessionRenewalPorts {
  clock: Clock;
  /** Wall-clock milliseconds, to compare with `expires_at`. */
  wallClock(): number;
  /** The link's `renew`: opens a replacement and calls `ready(swap)` once it is open. */
  renew(ready: (swap: SessionSwap) => void): void;
  isEnded(): boolean;
  /** Nobody speaking, nothing pending: the replacement can take over without anyone noticing. */
  isQuiet(): boolean;
  /** The replacement's configuration and the conversation so far. */
  setupEvents(): ClientEvent[];
}

/** Longest delay a Node timer takes; beyond it Node fires after 1 ms. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * Replaces the Voice Live session before it expires: a timer from `session.created`, then a new
 * session that takes over at the first quiet moment. The replacement waits here once open; the call
 * says when it may have become quiet (`callMayBeQuiet`), and the swap happens then, not on a poll.
 */
export class SessionRenewal {
  private timer: TimerHandle | undefined;
  /** An open replacement waiting for a quiet moment. */
  private pendingSwap: SessionSwap | undefined;

  constructor(
    private readonly ports: SessionRenewalPorts,
    private readonly settings: SessionRenewalSettings,
  ) {}

  /** Plans the switch to a new session before this one expires (`expires_at`, else a set age). */
  schedule(expiresAtSec: number | undefined): void {
    const { clock } = this.ports;
    if (this.timer !== undefined) clock.clearTimeout(this.timer);
    const untilExpiryMs =
      expiresAtSec === undefined
        ? Number.NaN
        : expiresAtSec * 1000 - this.ports.wallClock() - this.settings.renewMarginMs;
    // A past, absurd or skewed `expires_at` would renew at once, again and again: use the set age.
    const delayMs =
      Number.isFinite(untilExpiryMs) && untilExpiryMs > 0 && untilExpiryMs <= MAX_TIMER_DELAY_MS
        ? untilExpiryMs
        : this.settings.renewAfterMs;
    this.timer = clock.setTimeout(() => {
      this.timer = undefined;
      this.ports.renew((swap) => this.ready(swap));
    }, delayMs);
  }

  /** The call may have become quiet: a replacement waiting for that takes over now. */
  callMayBeQuiet(): void {
    const swap = this.pendingSwap;
    if (swap === undefined || this.ports.isEnded() || !this.ports.isQuiet()) return;
    this.pendingSwap = undefined;
    swap(this.ports.setupEvents());
  }

  close(): void {
    if (this.timer !== undefined) this.ports.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.pendingSwap = undefined;
  }

  /** A replacement is open: it takes over at once if the call is quiet, else when it becomes quiet. */
  private ready(swap: SessionSwap): void {
    if (this.ports.isEnded()) return;
    this.pendingSwap = swap;
    this.callMayBeQuiet();
  }
}
