import {
  auditEntry,
  type Clock,
  checkDestination,
  type DestinationPolicy,
  errorLabel,
  maskPhoneNumber,
} from "@acs-voice/shared";
import type { CallControl } from "../acs/call-control.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { Logger } from "../logger.js";
import type { TransferOutcome } from "../tools/tool.js";
import type { CallMetrics } from "./call-metrics.js";
import type { CallIds, TransferSettings } from "./call-types.js";
import { transferAnnouncementInstructions } from "./session-config.js";

/** A transfer announcement longer than this is not waited for. */
const ANNOUNCEMENT_MAX_MS = 15_000;
/** ACS states in which the call is over (after a failed transfer it may already be). */
const ENDED_STATES = new Set(["disconnecting", "disconnected"]);

/** What a transfer needs of its call, and what it reports to it. */
export interface CallTransferPorts {
  ids: CallIds;
  clock: Clock;
  logger: Logger;
  metrics: CallMetrics;
  callControl: CallControl | undefined;
  audit: AuditLog | undefined;
  /** Wall-clock ms, for the audit record. */
  wallClock(): number;
  /** The call is ended, or being ended from our side: no transfer may start. */
  isEndingOrEnded(): boolean;
  isEnded(): boolean;
  /** The transfer is under way: the call is "transferring" from now on. */
  started(): void;
  /** Asks the model to say these instructions' words to the caller. */
  announce(instructions: string): void;
  /** Resolves once the bot has nothing more to say (or after `maxMs`, or at the end of the call). */
  whenIdle(maxMs: number): Promise<void>;
  /** While a transfer rings, the model hears silence instead of the caller (it would answer them). */
  muteCaller(muted: boolean): void;
  /** The caller reached the target: our part of the call is over. */
  transferred(): void;
  /** The call ended with the failed transfer. */
  callGone(): void;
  /** The transfer failed and the caller is still with us: the call goes on. */
  failed(byTool: boolean): void;
}

export interface CallTransferSettings {
  transferMessage: string;
  transfer: TransferSettings;
  /** Where transfers may go; absent: nowhere. */
  destinations: DestinationPolicy | undefined;
}

export interface TransferRequest {
  /** The caller hears the transfer message first. */
  announce: boolean;
  /** The model asked (its tool output tells it the outcome); otherwise a supervisor did. */
  byTool: boolean;
  /** Who asked, for the audit record ("supervisor:<name>", "tool:transfer_to_human"). */
  actor: string;
}

/**
 * One call's transfers through Call Automation: the destination policy, the announcement, the ring with
 * the caller muted to the model, the outcome (CallTransferAccepted/Failed with this call's
 * operationContext, the media socket closing, or no answer within the ring time; an acceptance that
 * comes later still counts), and an audit record per attempt.
 */
export class CallTransfer {
  private waiter: ((outcome: TransferOutcome) => void) | undefined;
  /** A transfer outlived its ring time: if ACS still reports it accepted, the caller went through. */
  private mayStillConnect = false;
  private underWay = false;

  constructor(
    private readonly ports: CallTransferPorts,
    private readonly settings: CallTransferSettings,
  ) {}

  /**
   * The operationContext of this call's transfers: CallTransferAccepted/Failed count only with it (a
   * callback of another operation, or a forged one, must not end or resume the call).
   */
  get operationContext(): string {
    return `transfer:${this.ports.ids.callId}`;
  }

  /**
   * The caller hears the announcement (when asked for), then ACS is asked to transfer, showing the number
   * the caller dialled (or ACS_CALLER_ID) to a PSTN target. While the target rings (20-30 s is normal)
   * the caller hears silence and the model hears none of them. After a failure the call may already be
   * gone, so it is looked up before the model speaks again.
   */
  async transfer(target: string, { announce, byTool, actor }: TransferRequest): Promise<TransferOutcome> {
    const { ports } = this;
    const id = ports.ids.callConnectionId;
    const control = ports.callControl;
    if (!control || !id) return { ok: false, reason: "call control is not configured" };
    // Destinations are configuration, never input: a supervisor's or a tool's number is checked first.
    const decision = this.settings.destinations
      ? checkDestination(this.settings.destinations, target)
      : ({ allowed: false, reason: "not-allowed" } as const);
    if (!decision.allowed) {
      ports.logger.warn(
        { actor: actorKind(actor), reason: decision.reason, target: maskPhoneNumber(target) },
        "transfer refused: destination not allowed",
      );
      this.audit(actor, target, `refused:${decision.reason}`);
      return {
        ok: false,
        reason: "this number is not an allowed destination",
        code: "destination-not-allowed",
      };
    }
    if (this.underWay || ports.isEndingOrEnded()) {
      return { ok: false, reason: "the call is already being transferred or ended" };
    }
    this.underWay = true;
    try {
      return await this.run(control, id, target, { announce, byTool, actor });
    } finally {
      this.underWay = false;
    }
  }

  /** A transfer outcome reported by Call Automation; false when no transfer was waiting for one. */
  outcome(outcome: TransferOutcome): boolean {
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) {
      waiter(outcome);
      return true;
    }
    if (outcome.ok && this.mayStillConnect && !this.ports.isEnded()) {
      // Later than the ring time, but the caller reached the target: our part is over.
      this.ports.logger.info("call transferred after the ring time");
      this.ports.transferred();
      return true;
    }
    return false;
  }

  /** The media socket closed: during a transfer that means ACS moved the call (it worked). */
  mediaClosed(): boolean {
    return this.waiter !== undefined && this.outcome({ ok: true });
  }

  /** The call ended: a transfer waiting for its outcome stops waiting. */
  close(): void {
    this.outcome({ ok: false, reason: "the call ended" });
  }

  private async run(
    control: CallControl,
    id: string,
    target: string,
    { announce, byTool, actor }: TransferRequest,
  ): Promise<TransferOutcome> {
    const { ports } = this;
    ports.started();
    if (announce) ports.announce(transferAnnouncementInstructions(this.settings.transferMessage));
    await ports.whenIdle(ANNOUNCEMENT_MAX_MS);
    if (ports.isEnded()) return { ok: false, reason: "the call ended" };
    ports.muteCaller(true);
    const sourceCallerId = await this.sourceCallerId(control, id);
    if (ports.isEnded()) return { ok: false, reason: "the call ended" };
    const outcome = new Promise<TransferOutcome>((resolve) => {
      this.waiter = resolve;
    });
    const timer = ports.clock.setTimeout(() => {
      this.mayStillConnect = true;
      this.outcome({ ok: false, reason: "nobody answered the transfer in time" });
    }, this.settings.transfer.ringTimeoutMs);
    this.audit(actor, target, "requested");
    control.transfer(id, target, this.operationContext, sourceCallerId).catch((error: unknown) => {
      ports.logger.warn({ err: errorLabel(error) }, "transfer request failed");
      this.outcome({ ok: false, reason: "the transfer request was refused" });
    });
    const result = await outcome;
    ports.clock.clearTimeout(timer);
    ports.metrics.transfers++;
    if (result.ok) {
      ports.logger.info("call transferred");
      ports.transferred();
      return result;
    }
    ports.metrics.transferFailures++;
    ports.logger.warn({ reason: result.reason }, "transfer failed");
    if (!(await this.stillConnected(control, id))) {
      ports.logger.info("the call ended with the failed transfer");
      ports.callGone();
      return { ok: false, reason: "the call ended" };
    }
    if (ports.isEnded()) return result;
    ports.muteCaller(false);
    ports.failed(byTool);
    return result;
  }

  /** One audit record per transfer attempt (best effort: a failed write is only logged). */
  private audit(actor: string, target: string, outcome: string): void {
    const { ports } = this;
    ports.audit
      ?.write(
        auditEntry({
          at: new Date(ports.wallClock()),
          actor,
          action: "transfer",
          destination: target,
          outcome,
          callConnectionId: ports.ids.callConnectionId,
        }),
      )
      .catch((error: unknown) => ports.logger.error({ err: errorLabel(error) }, "audit record not written"));
  }

  /** The resource's number on this call (the one the caller dialled, or we called from), else ACS_CALLER_ID. */
  private async sourceCallerId(control: CallControl, id: string): Promise<string | undefined> {
    let dialled: string | undefined;
    try {
      const status = await control.status(id);
      if (status.kind === "present") dialled = status.ourNumber;
    } catch (error) {
      this.ports.logger.warn({ err: errorLabel(error) }, "call lookup failed");
    }
    const callerId = dialled ?? this.settings.transfer.sourceCallerId;
    if (callerId === undefined) {
      this.ports.logger.warn(
        "no caller id for the transfer: set ACS_CALLER_ID (ACS refuses PSTN targets without one)",
      );
    }
    return callerId;
  }

  /** Whether ACS still holds the call (a lookup that fails is taken as yes: the caller is not dropped). */
  private async stillConnected(control: CallControl, id: string): Promise<boolean> {
    if (this.ports.isEnded()) return false;
    try {
      const status = await control.status(id);
      return status.kind === "present" && !ENDED_STATES.has(status.state);
    } catch {
      return true;
    }
  }
}

/** "supervisor:<name>" → "supervisor": the log line names the kind, the audit record the person. */
function actorKind(actor: string): string {
  return actor.split(":")[0] ?? actor;
}
