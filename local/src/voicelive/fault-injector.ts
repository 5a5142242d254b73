// Applies a FaultPlan to one session: timed faults (drop, error, expiry) on the session's timers,
// per-response faults (error at response start, drop after N audio deltas) through hooks the
// session calls. The plan is read when needed, so a plan changed at run time takes effect.

import type { FaultPlan } from "./fault-plan.js";
import { errors, type ServiceError } from "./server-errors.js";
import type { Clock, Timers } from "./timers.js";

export interface FaultTarget {
  /** 1006 = drop the TCP connection without a close frame. */
  close(code: number, reason: string): void;
  sendError(error: ServiceError): void;
}

export class FaultInjector {
  private timers: unknown[] = [];
  private midResponseDropDone = false;
  private readonly armedAtMs: number;

  constructor(
    private readonly plan: () => FaultPlan,
    private readonly time: { clock: Clock; timers: Timers },
    private readonly target: FaultTarget,
    private readonly defaultLifetimeMs: number,
  ) {
    this.armedAtMs = time.clock.now();
  }

  /** The session lifetime (what expires_at announces). */
  lifetimeMs(): number {
    return this.plan().sessionExpiresAfterMs ?? this.defaultLifetimeMs;
  }

  /** (Re-)arms the timed faults, measured from now; the default lifetime from session start. */
  arm(): void {
    this.disarm();
    this.midResponseDropDone = false;
    const plan = this.plan();
    if (plan.closeAfterMs !== undefined) this.after(plan.closeAfterMs, () => this.drop());
    if (plan.errorEvent?.afterMs !== undefined)
      this.after(plan.errorEvent.afterMs, () => this.sendPlannedError());
    const lifetimeMs = this.lifetimeMs();
    const remainingMs = plan.sessionExpiresAfterMs ?? lifetimeMs - (this.time.clock.now() - this.armedAtMs);
    this.after(remainingMs, () => {
      this.target.sendError(errors.sessionExpired(Math.max(1, Math.round(lifetimeMs / 60_000))));
      this.target.close(1001, "session_expired");
    });
  }

  disarm(): void {
    for (const timer of this.timers) this.time.timers.clearTimeout(timer);
    this.timers = [];
  }

  atResponseStart(responseNumber: number): void {
    if (this.plan().errorEvent?.atResponse === responseNumber) this.sendPlannedError();
  }

  /** Returns false when the connection was dropped here. */
  afterAudioDelta(responseNumber: number, deltasInResponse: number): boolean {
    const drop = this.plan().closeMidResponse;
    if (!drop || this.midResponseDropDone) return true;
    if (drop.atResponse !== undefined && drop.atResponse !== responseNumber) return true;
    if (deltasInResponse < drop.afterAudioDeltas) return true;
    this.midResponseDropDone = true;
    this.drop();
    return false;
  }

  private after(delayMs: number, action: () => void): void {
    this.timers.push(this.time.timers.setTimeout(action, Math.max(0, delayMs)));
  }

  private drop(): void {
    if (this.plan().closeCode === 1011) this.target.close(1011, "Internal server error");
    else this.target.close(1006, "");
  }

  private sendPlannedError(): void {
    const spec = this.plan().errorEvent;
    this.target.sendError({
      type: spec?.type === "invalid_request_error" ? "invalid_request_error" : "server_error",
      code: spec?.code ?? "server_error",
      message: spec?.message ?? "The server had an error while processing your request.",
      param: null,
    });
  }
}
