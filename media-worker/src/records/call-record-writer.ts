import { errorLabel } from "@acs-voice/shared";
import type { TokenPrices } from "../config.js";
import type { Logger } from "../logger.js";
import type { CallEvent, CallEventListener, TurnRecord, TurnUsage } from "../session/call-events.js";
import type { CallIds } from "../session/call-session.js";
import { type CallRecordStore, type RecordFields, SUMMARY_ROW_KEY, turnRowKey } from "./call-record-store.js";
import { addUsage, estimateCostUsd, NO_USAGE } from "./cost.js";

/** What the writer needs of a call: its ids and its event stream. */
export interface RecordableCall {
  readonly ids: CallIds;
  subscribe(listener: CallEventListener): () => void;
}

export interface CallRecordWriterOptions {
  store: CallRecordStore;
  prices: TokenPrices;
  logger: Logger;
  /** Date.now by default. */
  wallClock?: () => number;
}

/** Writes waiting per call; beyond it the store is clearly not keeping up and new writes are dropped. */
const MAX_PENDING_WRITES = 256;
/** Tool list JSON per turn row, well under the 64 KiB property limit. */
const MAX_TOOLS_JSON_CHARS = 4_000;

/**
 * Keeps one call record per call in Table Storage as the call goes: the summary row (shared with the
 * functions app, merged) at the start, after every turn and at the end, and one row per completed turn
 * written the moment the turn completes, so a worker killed mid-call leaves every finished turn behind.
 * Writes of one call are sequential; a failing store is logged (once per call) and never affects the call.
 */
export class CallRecordWriter {
  private readonly wallClock: () => number;

  constructor(private readonly options: CallRecordWriterOptions) {
    this.wallClock = options.wallClock ?? Date.now;
  }

  /** Starts recording a call; calls without an ACS call connection id (tests, probes) are not recorded. */
  attach(call: RecordableCall): void {
    const id = call.ids.callConnectionId;
    if (id === undefined) return;
    const record = new RecordInProgress(id, call.ids.callId, this.options, this.wallClock);
    const unsubscribe = call.subscribe((event) => {
      record.on(event);
      if (event.type === "ended") unsubscribe();
    });
    record.started();
  }
}

class RecordInProgress {
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private failed = false;
  private turns = 0;
  private bargeIns = 0;
  private toolCalls = 0;
  private dtmfSequences = 0;
  private reconnects = 0;
  private renewals = 0;
  private usage: TurnUsage = NO_USAGE;
  private readonly startedAtWallMs: number;

  constructor(
    private readonly callConnectionId: string,
    private readonly callId: string,
    private readonly options: CallRecordWriterOptions,
    private readonly wallClock: () => number,
  ) {
    this.startedAtWallMs = wallClock();
  }

  started(): void {
    this.write(SUMMARY_ROW_KEY, {
      workerCallId: this.callId,
      mediaStartedAt: new Date(this.startedAtWallMs),
      callState: "connecting",
    });
  }

  on(event: CallEvent): void {
    switch (event.type) {
      case "turn":
        this.turns++;
        if (event.turn.bargeIn) this.bargeIns++;
        if (event.turn.usage) this.usage = addUsage(this.usage, event.turn.usage);
        this.write(turnRowKey(event.turn.index), turnFields(event.turn));
        this.write(SUMMARY_ROW_KEY, this.summary());
        return;
      case "tool":
        this.toolCalls++;
        return;
      case "dtmf":
        this.dtmfSequences++;
        return;
      case "voice-live":
        if (event.change === "reconnected") this.reconnects++;
        if (event.change === "renewed") this.renewals++;
        if (event.change === "reconnected" || event.change === "renewed")
          this.write(SUMMARY_ROW_KEY, this.summary());
        return;
      case "state":
        this.write(SUMMARY_ROW_KEY, { callState: event.state });
        return;
      case "ended": {
        const endedAtWallMs = this.wallClock();
        this.write(SUMMARY_ROW_KEY, {
          ...this.summary(),
          callState: "ended",
          endReason: event.reason,
          mediaEndedAt: new Date(endedAtWallMs),
          durationMs: Math.max(0, endedAtWallMs - this.startedAtWallMs),
        });
        return;
      }
      default:
        return;
    }
  }

  private summary(): RecordFields {
    return {
      turnCount: this.turns,
      bargeIns: this.bargeIns,
      toolCalls: this.toolCalls,
      dtmfSequences: this.dtmfSequences,
      voiceLiveReconnects: this.reconnects,
      voiceLiveRenewals: this.renewals,
      ...usageFields(this.usage),
      estimatedCostUsd: estimateCostUsd(this.usage, this.options.prices),
    };
  }

  private write(rowKey: string, fields: RecordFields): void {
    if (this.pending >= MAX_PENDING_WRITES) {
      this.report(new Error("too many pending record writes"));
      return;
    }
    this.pending++;
    this.chain = this.chain
      .then(() => this.options.store.merge(this.callConnectionId, rowKey, fields))
      .catch((error: unknown) => this.report(error))
      .finally(() => {
        this.pending--;
      });
  }

  private report(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.options.logger.warn({ err: errorLabel(error) }, "call record write failed; the call goes on");
  }
}

function turnFields(turn: TurnRecord): RecordFields {
  const tools = JSON.stringify(turn.tools);
  return {
    turnIndex: turn.index,
    endedAt: new Date(turn.endedAtWallMs),
    callerText: turn.callerText,
    botText: turn.botText,
    status: turn.status,
    latencyMs: turn.latencyMs,
    bargeIn: turn.bargeIn !== undefined,
    heardMs: turn.bargeIn?.heardMs,
    tools: tools.length <= MAX_TOOLS_JSON_CHARS ? tools : tools.slice(0, MAX_TOOLS_JSON_CHARS),
    ...(turn.usage ? usageFields(turn.usage) : {}),
  };
}

function usageFields(usage: TurnUsage): RecordFields {
  return {
    inputTextTokens: usage.inputTextTokens,
    inputAudioTokens: usage.inputAudioTokens,
    cachedInputTokens: usage.cachedInputTokens,
    outputTextTokens: usage.outputTextTokens,
    outputAudioTokens: usage.outputAudioTokens,
  };
}
