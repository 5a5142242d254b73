// A call that arrives while every Voice Live endpoint is out of budget: it never gets a model that would
// fail mid-call, and never dead air. With a fallback number (FALLBACK_TRANSFER_NUMBER) it is transferred
// there; otherwise (or when the transfer is refused) the caller hears the busy signal, paced in real time
// over the media socket, and the call is hung up.

import { auditEntry, type Clock, errorLabel, type TimerHandle } from "@acs-voice/shared";
import type { AcsLink } from "../acs/acs-media-socket.js";
import { busySignalFrames } from "../acs/apology-tone.js";
import { type CallControl, hangUpWithin } from "../acs/call-control.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { Logger } from "../logger.js";

const FRAME_MS = 20;
/** How long hanging up may take before the socket is closed anyway. */
const HANG_UP_TIMEOUT_MS = 5_000;
/** After a transfer was accepted the media socket is ACS's to close; it is closed by us after this long. */
const TRANSFER_HOLD_MS = 90_000;

export interface BusyLineOptions {
  acs: AcsLink;
  acsHz: number;
  callConnectionId: string | undefined;
  callControl: CallControl | undefined;
  /** Where the call goes instead; undefined: the busy signal and a hang-up. */
  transferTo: string | undefined;
  /** The number shown to the transfer target when ACS reports none for the call (ACS_CALLER_ID). */
  sourceCallerId: string | undefined;
  audit: AuditLog | undefined;
  clock: Clock;
  logger: Logger;
  /** Frames sent ahead of real time (the pacing lead). */
  leadMs: number;
  /** The line is done (hung up, transferred or the caller left); called once. */
  onDone: () => void;
}

export class BusyLine {
  private timer: TimerHandle | undefined;
  private done = false;

  constructor(private readonly options: BusyLineOptions) {}

  start(): void {
    const { transferTo, callControl, callConnectionId } = this.options;
    this.options.logger.warn({ transfer: transferTo !== undefined }, "all lines busy: call turned away");
    if (transferTo && callControl && callConnectionId)
      void this.transfer(transferTo, callControl, callConnectionId);
    else this.playBusySignal();
  }

  /** The caller hung up (the media socket closed). */
  acsClosed(): void {
    this.finish();
  }

  /** Shutdown: stop now. */
  close(): void {
    this.finish();
  }

  private async transfer(to: string, control: CallControl, id: string): Promise<void> {
    const { clock, logger } = this.options;
    try {
      const status = await control.status(id).catch(() => undefined);
      const ours = status?.kind === "present" ? status.ourNumber : undefined;
      await control.transfer(id, to, "all-lines-busy", ours ?? this.options.sourceCallerId);
      this.audit(to, "requested");
      logger.info("all lines busy: call transferred to the fallback number");
      if (this.done) return;
      this.timer = clock.setTimeout(() => this.finish(), TRANSFER_HOLD_MS);
    } catch (error) {
      this.audit(to, "failed");
      logger.warn({ err: errorLabel(error) }, "busy transfer failed");
      if (!this.done) this.playBusySignal();
    }
  }

  private audit(to: string, outcome: string): void {
    this.options.audit
      ?.write(
        auditEntry({
          at: new Date(),
          actor: "all-lines-busy",
          action: "transfer",
          destination: to,
          outcome,
          callConnectionId: this.options.callConnectionId,
        }),
      )
      .catch(() => {});
  }

  /** The busy signal in real time (a small lead ahead), then the hang-up. */
  private playBusySignal(): void {
    const { acs, clock, leadMs } = this.options;
    const frames = busySignalFrames(this.options.acsHz);
    const leadFrames = Math.max(1, Math.ceil(leadMs / FRAME_MS));
    const startedAtMs = clock.now();
    let next = 0;
    const send = () => {
      this.timer = undefined;
      if (this.done) return;
      // Everything due by now (plus the lead) goes out: a late timer catches up instead of drifting.
      const due = Math.floor((clock.now() - startedAtMs) / FRAME_MS) + leadFrames;
      while (next < frames.length && next < due) {
        const frame = frames[next++];
        if (frame) acs.sendAudio(frame);
      }
      if (next < frames.length) {
        this.timer = clock.setTimeout(send, FRAME_MS);
        return;
      }
      // The last frames are still in ACS's buffer: hang up once they have played.
      this.timer = clock.setTimeout(() => void this.hangUp(), leadMs + FRAME_MS);
    };
    send();
  }

  private async hangUp(): Promise<void> {
    this.timer = undefined;
    const { callControl, callConnectionId, clock, logger } = this.options;
    if (callControl && callConnectionId && !this.done) {
      try {
        await hangUpWithin(callControl, callConnectionId, clock, HANG_UP_TIMEOUT_MS);
      } catch (error) {
        logger.warn({ err: errorLabel(error) }, "busy hang-up failed");
      }
    }
    this.finish();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.options.acs.isOpen) this.options.acs.close(1000, "all-lines-busy");
    this.options.onDone();
  }
}
