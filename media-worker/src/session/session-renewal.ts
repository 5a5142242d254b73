import type { ClientEvent } from "@acs-voice/shared";
import type { Clock, TimerHandle } from "../clock.js";

export interface SessionRenewalSettings {
  /** Session age at which a replacement is opened, when the service gives no `expires_at`. */
  renewAfterMs: number;
  /** How long before `expires_at` the replacement is opened. */
  renewMarginMs: number;
}

/** What renewal needs of its call. */
export interface SessionRenewalPorts {
  clock: Clock;
  /** Wall-clock milliseconds, to compare with `expires_at`. */
  wallClock(): number;
  /** The link's `renew`: opens a replacement that takes over once `setup` gives its events. */
  renew(setup: () => ClientEvent[] | undefined): void;
  isEnded(): boolean;
  /** Nobody speaking, nothing pending: the replacement can take over without anyone noticing. */
  isQuiet(): boolean;
  /** The replacement's configuration and the conversation so far. */
  setupEvents(): ClientEvent[];
}

/**
 * Replaces the Voice Live session before it expires: a timer from `session.created`, then a new
 * session that takes over at the first quiet moment.
 */
export class SessionRenewal {
  private timer: TimerHandle | undefined;

  constructor(
    private readonly ports: SessionRenewalPorts,
    private readonly settings: SessionRenewalSettings,
  ) {}

  /** Plans the switch to a new session before this one expires (`expires_at`, else a set age). */
  schedule(expiresAtSec: number | undefined): void {
    const { clock } = this.ports;
    if (this.timer !== undefined) clock.clearTimeout(this.timer);
    const delayMs =
      expiresAtSec !== undefined && Number.isFinite(expiresAtSec)
        ? expiresAtSec * 1000 - this.ports.wallClock() - this.settings.renewMarginMs
        : this.settings.renewAfterMs;
    this.timer = clock.setTimeout(
      () => {
        this.timer = undefined;
        this.ports.renew(() => this.setup());
      },
      Math.max(0, delayMs),
    );
  }

  close(): void {
    if (this.timer !== undefined) this.ports.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Undefined while the call is not quiet: the link asks again shortly. */
  private setup(): ClientEvent[] | undefined {
    if (this.ports.isEnded()) return [];
    if (!this.ports.isQuiet()) return undefined;
    return this.ports.setupEvents();
  }
}
