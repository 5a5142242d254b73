import {
  auditEntry,
  type ClientEvent,
  checkDestination,
  type DestinationPolicy,
  type FunctionCallItem,
  maskPhoneNumber,
} from "@acs-voice/shared";
import type { CallControl } from "../acs/call-control.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { Clock, TimerHandle } from "../clock.js";
import type { Logger } from "../logger.js";
import type { Tool, TransferOutcome } from "../tools/tool.js";
import { type ToolCallResult, ToolRunner } from "../tools/tool-runner.js";
import type { CallEvent, CallState } from "./call-events.js";
import type { CallMetrics } from "./call-metrics.js";
import type { CallEndReason, CallIds, TransferSettings } from "./call-types.js";
import type { ResponseRequests } from "./response-requests.js";
import {
  GOODBYE_INSTRUCTIONS,
  SLOW_TOOL_INSTRUCTIONS,
  transferAnnouncementInstructions,
} from "./session-config.js";
import type { TurnTracker } from "./turn-tracker.js";

const TRANSFER_FAILED_NOTE =
  "The transfer to a human did not work. Tell the caller briefly and offer to go on helping them.";
/** A goodbye (or a transfer announcement) longer than this is not waited for. */
const GOODBYE_MAX_MS = 15_000;
/** How often "has everything the caller should hear been played?" is checked. */
const IDLE_POLL_MS = 50;
/** ACS states in which the call is over (after a failed transfer it may already be). */
const ENDED_STATES = new Set(["disconnecting", "disconnected"]);

/** What the flow needs of its call, each through the narrowest view. */
export interface CallFlowPorts {
  ids: CallIds;
  clock: Clock;
  logger: Logger;
  metrics: CallMetrics;
  callControl: CallControl | undefined;
  requests: ResponseRequests;
  turns: TurnTracker;
  sendToVoiceLive(event: ClientEvent): boolean;
  emit(event: CallEvent): void;
  state(): CallState;
  setState(state: CallState): void;
  isEnded(): boolean;
  /** No answer pending and everything sent to the caller has been played. */
  isIdle(): boolean;
  /** Stops what the caller hears and forgets the answer that produced it. */
  stopPlayback(): void;
  /** Hangs up for everyone through Call Automation, then ends the session. */
  hangUp(reason: CallEndReason): Promise<void>;
  /** Ends the session without hanging up (e.g. ACS moved the call elsewhere). */
  end(reason: CallEndReason): void;
  /** The call is ending from our side: stop the silence and duration watchdogs. */
  stopTimeouts(): void;
  /** While a transfer rings, the model hears silence instead of the caller (it would answer them). */
  muteCaller(muted: boolean): void;
  /** Wall-clock ms, for the audit record. */
  wallClock(): number;
  audit: AuditLog | undefined;
}

export interface CallFlowSettings {
  tools: readonly Tool[];
  toolTimeoutMs: number;
  toolFillerAfterMs: number;
  transferMessage: string;
  transfer: TransferSettings;
  /** Where transfers may go; absent: nowhere. */
  destinations: DestinationPolicy | undefined;
}

/**
 * What the worker does to a call beyond bridging audio: runs the model's tool calls (answering each with
 * a function output), ends the call after a goodbye the caller heard, and transfers it through Call
 * Automation. The session routes events here; this class owns the waiting that these actions involve.
 */
export class CallFlow {
  private readonly runner: ToolRunner;
  private toolsInFlight = 0;
  /** Set by end_call while its output is being sent: the call ends after the goodbye. */
  private endRequested = false;
  /** The transfer tool speaks its own announcement when the model did not say anything first. */
  private announceTransfer = true;
  private endingValue = false;
  private transferWaiter: ((outcome: TransferOutcome) => void) | undefined;
  /** A transfer outlived its ring time: if ACS still reports it accepted, the caller went through. */
  private transferMayStillConnect = false;
  private readonly idleWaiters = new Set<{ timer: TimerHandle | undefined; resolve: () => void }>();

  constructor(
    private readonly ports: CallFlowPorts,
    private readonly settings: CallFlowSettings,
  ) {
    this.runner = new ToolRunner({
      tools: settings.tools,
      clock: ports.clock,
      callId: ports.ids.callId,
      call: {
        endCall: () => {
          this.endRequested = true;
        },
        transfer: (target) =>
          this.transfer(target, {
            announce: this.announceTransfer,
            byTool: true,
            actor: "tool:transfer_to_human",
          }),
      },
      defaultTimeoutMs: settings.toolTimeoutMs,
      fillerAfterMs: settings.toolFillerAfterMs,
      onSlow: () => ports.requests.request({ instructions: SLOW_TOOL_INSTRUCTIONS }),
    });
  }

  /**
   * The operationContext of this call's transfers: CallTransferAccepted/Failed count only with it (a
   * callback of another operation, or a forged one, must not end or resume the call).
   */
  get transferContext(): string {
    return `transfer:${this.ports.ids.callId}`;
  }

  get toolsRunning(): number {
    return this.toolsInFlight;
  }

  /** True once the call is being ended from our side (goodbye under way). */
  get ending(): boolean {
    return this.endingValue;
  }

  /** The model's function calls of one response; `spokeFirst`: the caller heard audio of that response. */
  async runTools(calls: FunctionCallItem[], spokeFirst: boolean): Promise<void> {
    const { ports } = this;
    this.toolsInFlight++;
    this.announceTransfer = !spokeFirst;
    let results: ToolCallResult[];
    try {
      results = await Promise.all(
        calls.map((call) => this.runner.run(call.name, call.call_id, call.arguments)),
      );
    } finally {
      this.toolsInFlight--;
    }
    if (ports.isEnded()) return;
    for (const result of results) {
      ports.metrics.toolCalls++;
      if (result.status !== "ok") ports.metrics.toolFailures++;
      const entry = { name: result.name, status: result.status, durationMs: result.durationMs };
      ports.turns.tool(entry);
      ports.emit({ type: "tool", ...entry, atMs: ports.clock.now() });
      ports.logger.info(entry, "tool call");
      ports.sendToVoiceLive({
        type: "conversation.item.create",
        item: { type: "function_call_output", call_id: result.callId, output: result.output },
      });
    }
    if (this.endRequested) {
      this.endRequested = false;
      await this.finish("bot-ended", spokeFirst ? undefined : GOODBYE_INSTRUCTIONS);
      return;
    }
    if (this.endingValue || ports.state() === "transferring") return;
    ports.requests.request();
  }

  /**
   * Transfers through Call Automation: the caller hears the announcement (when asked for), then ACS is
   * asked to transfer, showing the number the caller dialled (or ACS_CALLER_ID) to a PSTN target. While
   * the target rings (20-30 s is normal) the caller hears silence and the model hears none of them. The
   * outcome is CallTransferAccepted/Failed (`transferOutcome`), or the media socket closing
   * (`mediaClosed`: ACS dropped our leg, so it worked), or no answer within the ring time; an acceptance
   * that comes later still ends our part. After a failure the call may already be gone, so it is looked
   * up before the model speaks again.
   */
  async transfer(
    target: string,
    { announce, byTool, actor }: { announce: boolean; byTool: boolean; actor: string },
  ): Promise<TransferOutcome> {
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
    if (this.transferWaiter || this.endingValue || ports.isEnded() || ports.state() === "transferring") {
      return { ok: false, reason: "the call is already being transferred or ended" };
    }
    ports.setState("transferring");
    if (announce) {
      ports.requests.request({
        instructions: transferAnnouncementInstructions(this.settings.transferMessage),
      });
    }
    await this.whenIdle(GOODBYE_MAX_MS);
    if (ports.isEnded()) return { ok: false, reason: "the call ended" };
    ports.muteCaller(true);
    const sourceCallerId = await this.sourceCallerId(control, id);
    if (ports.isEnded()) return { ok: false, reason: "the call ended" };
    const outcome = new Promise<TransferOutcome>((resolve) => {
      this.transferWaiter = resolve;
    });
    const timer = ports.clock.setTimeout(() => {
      this.transferMayStillConnect = true;
      this.transferOutcome({ ok: false, reason: "nobody answered the transfer in time" });
    }, this.settings.transfer.ringTimeoutMs);
    this.audit(actor, target, "requested");
    control.transfer(id, target, this.transferContext, sourceCallerId).catch((error: unknown) => {
      ports.logger.warn({ err: error instanceof Error ? error.name : "unknown" }, "transfer request failed");
      this.transferOutcome({ ok: false, reason: "the transfer request was refused" });
    });
    const result = await outcome;
    ports.clock.clearTimeout(timer);
    ports.metrics.transfers++;
    if (result.ok) {
      ports.logger.info("call transferred");
      ports.end("transferred");
      return result;
    }
    ports.metrics.transferFailures++;
    ports.logger.warn({ reason: result.reason }, "transfer failed");
    if (!(await this.stillConnected(control, id))) {
      ports.logger.info("the call ended with the failed transfer");
      ports.end("call-disconnected");
      return { ok: false, reason: "the call ended" };
    }
    if (ports.isEnded()) return result;
    ports.muteCaller(false);
    ports.setState("active");
    // The tool's output tells the model; a supervisor's transfer needs a word of its own.
    if (!byTool) {
      ports.sendToVoiceLive({
        type: "conversation.item.create",
        item: {
          type: "message",
          role: "system",
          content: [{ type: "input_text", text: TRANSFER_FAILED_NOTE }],
        },
      });
      ports.requests.request();
    }
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
      .catch((error: unknown) =>
        ports.logger.error(
          { err: error instanceof Error ? error.name : "unknown" },
          "audit record not written",
        ),
      );
  }

  /** The resource's number on this call (the one the caller dialled, or we called from), else ACS_CALLER_ID. */
  private async sourceCallerId(control: CallControl, id: string): Promise<string | undefined> {
    let dialled: string | undefined;
    try {
      const status = await control.status(id);
      if (status.kind === "present") dialled = status.ourNumber;
    } catch (error) {
      this.ports.logger.warn({ err: error instanceof Error ? error.name : "unknown" }, "call lookup failed");
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

  /** A transfer outcome reported by Call Automation; false when no transfer was waiting for one. */
  transferOutcome(outcome: TransferOutcome): boolean {
    const waiter = this.transferWaiter;
    this.transferWaiter = undefined;
    if (waiter) {
      waiter(outcome);
      return true;
    }
    if (outcome.ok && this.transferMayStillConnect && !this.ports.isEnded()) {
      // Later than the ring time, but the caller reached the target: our part is over.
      this.ports.logger.info("call transferred after the ring time");
      this.ports.end("transferred");
      return true;
    }
    return false;
  }

  /** The media socket closed: during a transfer that means ACS moved the call (it worked). */
  mediaClosed(): boolean {
    return this.transferWaiter !== undefined && this.transferOutcome({ ok: true });
  }

  /** Says goodbye (when asked to), waits until the caller heard it, then hangs up. */
  async finish(reason: CallEndReason, goodbyeInstructions: string | undefined): Promise<void> {
    const { ports } = this;
    if (this.endingValue || ports.isEnded()) return;
    this.endingValue = true;
    ports.setState("ending");
    ports.stopTimeouts();
    if (goodbyeInstructions !== undefined) {
      if (ports.requests.inFlight && reason !== "bot-ended") {
        // An answer in progress is cut: the goodbye is what the caller must hear.
        ports.stopPlayback();
        ports.sendToVoiceLive({ type: "response.cancel" });
      }
      ports.requests.clear();
      ports.requests.request({ instructions: goodbyeInstructions });
    }
    await this.whenIdle(GOODBYE_MAX_MS);
    await ports.hangUp(reason);
  }

  /** The call ended: running tools are told to stop, every wait ends. */
  close(): void {
    this.runner.cancelAll();
    this.transferOutcome({ ok: false, reason: "the call ended" });
    for (const waiter of this.idleWaiters) {
      if (waiter.timer !== undefined) this.ports.clock.clearTimeout(waiter.timer);
      waiter.resolve();
    }
    this.idleWaiters.clear();
  }

  /** Resolves once the call is idle (`isIdle`), ended, or `maxMs` passed. */
  private whenIdle(maxMs: number): Promise<void> {
    const { clock } = this.ports;
    const deadlineMs = clock.now() + maxMs;
    return new Promise((resolve) => {
      const waiter = { timer: undefined as TimerHandle | undefined, resolve };
      const check = () => {
        waiter.timer = undefined;
        if (this.ports.isEnded() || this.ports.isIdle() || clock.now() >= deadlineMs) {
          this.idleWaiters.delete(waiter);
          resolve();
          return;
        }
        waiter.timer = clock.setTimeout(check, IDLE_POLL_MS);
      };
      this.idleWaiters.add(waiter);
      check();
    });
  }
}

/** "supervisor:<name>" → "supervisor": the log line names the kind, the audit record the person. */
function actorKind(actor: string): string {
  return actor.split(":")[0] ?? actor;
}
