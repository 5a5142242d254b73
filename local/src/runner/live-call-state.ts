// The call as the console shows it while it runs, folded from the live events of the emulator
// processes: call state, who is speaking, each turn with its latency, the barge-in, tool calls, tokens.
// Times are epoch ms as the events carry them; the view turns them into call time.

import type { Usage } from "../voicelive/index.js";
import type { TimedLiveEvent } from "./live-event.js";

export interface LiveTurn {
  /** 0 is the greeting (no caller utterance before it). */
  index: number;
  callerText: string | undefined;
  callerStartEpochMs: number | undefined;
  callerStopEpochMs: number | undefined;
  botStartEpochMs: number | undefined;
  /** Caller stopped → first bot audio. */
  latencyMs: number | undefined;
  /** The caller started this turn by talking over the bot. */
  bargeIn: LiveBargeIn | undefined;
}

export interface LiveBargeIn {
  atEpochMs: number;
  /** Caller started → StopAudio reached the caller. */
  stopAudioAfterMs: number | undefined;
  /** Caller started → bot audio no longer heard. */
  botSilentAfterMs: number | undefined;
}

export interface LiveToolCall {
  atEpochMs: number;
  name: string;
  arguments: string;
}

export interface TokenTotals {
  input: number;
  output: number;
  cached: number;
  total: number;
  responses: number;
}

export class LiveCallState {
  readonly startedEpochMs: number;
  readonly servicesUp: string[] = [];
  callState = "not started";
  lastCallback: string | undefined;
  ringEpochMs: number | undefined;
  mediaEpochMs: number | undefined;
  modelConnected = false;
  callerSpeaking = false;
  botSpeaking = false;
  firstAudioEpochMs: number | undefined;
  callerLastStopEpochMs: number | undefined;
  botLastStopEpochMs: number | undefined;
  callerUtterances = 0;
  readonly turns: LiveTurn[] = [];
  readonly bargeIns: LiveBargeIn[] = [];
  readonly toolCalls: LiveToolCall[] = [];
  readonly tokens: TokenTotals = { input: 0, output: 0, cached: 0, total: 0, responses: 0 };
  stopAudioCount = 0;
  cancelledResponses = 0;
  truncations = 0;
  endReason: string | undefined;
  endedEpochMs: number | undefined;
  /** The latest thing the bot said (transcript of the current or last response). */
  botLine = "";
  private readonly responseText = new Map<string, string>();
  private awaitingAnswer: LiveTurn | undefined;
  private openBargeIn: LiveBargeIn | undefined;

  constructor(startedEpochMs: number) {
    this.startedEpochMs = startedEpochMs;
  }

  apply({ atEpochMs, event }: TimedLiveEvent): void {
    switch (event.kind) {
      case "service-up":
        this.servicesUp.push(event.name);
        return;
      case "call-state":
        this.callState = event.state;
        return;
      case "callback":
        this.lastCallback = event.type;
        return;
      case "media-connected":
        this.mediaEpochMs = atEpochMs;
        return;
      case "caller-speech":
        if (event.speaking) this.callerStarted(atEpochMs);
        else this.callerStopped(atEpochMs);
        return;
      case "bot-audio":
        if (event.audible) this.botStarted(atEpochMs);
        else this.botStopped(atEpochMs);
        return;
      case "stop-audio":
        this.stopAudioCount++;
        if (this.openBargeIn && this.openBargeIn.stopAudioAfterMs === undefined) {
          this.openBargeIn.stopAudioAfterMs = atEpochMs - this.openBargeIn.atEpochMs;
        }
        return;
      case "call-ended":
        this.endReason = event.reason;
        this.endedEpochMs = atEpochMs;
        this.callState = "disconnected";
        return;
      case "model-connected":
        this.modelConnected = true;
        return;
      case "caller-transcript": {
        const turn = this.turns.find((t) => t.index > 0 && t.callerText === undefined);
        if (turn) turn.callerText = event.text;
        return;
      }
      case "bot-transcript": {
        const text = (this.responseText.get(event.responseId) ?? "") + event.delta;
        this.responseText.set(event.responseId, text);
        this.botLine = text;
        return;
      }
      case "response-done":
        this.addUsage(event.usage);
        return;
      case "response-cancel":
        this.cancelledResponses++;
        return;
      case "truncate":
        this.truncations++;
        return;
      case "tool-call":
        this.toolCalls.push({ atEpochMs, name: event.name, arguments: event.arguments });
        return;
      case "model-vad":
        return;
      default:
        assertNever(event);
    }
  }

  /** ms of call time (from the media connection) of an epoch time; from the start of the run before. */
  callTimeMs(epochMs: number): number {
    return epochMs - (this.mediaEpochMs ?? this.startedEpochMs);
  }

  private callerStarted(atEpochMs: number): void {
    this.callerSpeaking = true;
    this.callerUtterances++;
    this.awaitingAnswer = undefined;
    let bargeIn: LiveBargeIn | undefined;
    if (this.botSpeaking && !this.openBargeIn) {
      bargeIn = { atEpochMs, stopAudioAfterMs: undefined, botSilentAfterMs: undefined };
      this.openBargeIn = bargeIn;
      this.bargeIns.push(bargeIn);
    }
    this.turns.push({
      index: this.turns.filter((t) => t.index > 0).length + 1,
      callerText: undefined,
      callerStartEpochMs: atEpochMs,
      callerStopEpochMs: undefined,
      botStartEpochMs: undefined,
      latencyMs: undefined,
      bargeIn,
    });
  }

  private callerStopped(atEpochMs: number): void {
    this.callerSpeaking = false;
    this.callerLastStopEpochMs = atEpochMs;
    const turn = this.turns.at(-1);
    if (turn && turn.index > 0 && turn.callerStopEpochMs === undefined) {
      turn.callerStopEpochMs = atEpochMs;
      this.awaitingAnswer = turn;
    }
  }

  private botStarted(atEpochMs: number): void {
    this.botSpeaking = true;
    if (this.firstAudioEpochMs === undefined) {
      this.firstAudioEpochMs = atEpochMs;
      if (this.turns.length === 0) {
        this.turns.push({
          index: 0,
          callerText: undefined,
          callerStartEpochMs: undefined,
          callerStopEpochMs: undefined,
          botStartEpochMs: atEpochMs,
          latencyMs: undefined,
          bargeIn: undefined,
        });
      }
    }
    const turn = this.awaitingAnswer;
    if (turn?.callerStopEpochMs !== undefined) {
      turn.botStartEpochMs = atEpochMs;
      turn.latencyMs = atEpochMs - turn.callerStopEpochMs;
      this.awaitingAnswer = undefined;
    }
  }

  private botStopped(atEpochMs: number): void {
    this.botSpeaking = false;
    this.botLastStopEpochMs = atEpochMs;
    const bargeIn = this.openBargeIn;
    if (!bargeIn) return;
    this.openBargeIn = undefined;
    if (atEpochMs <= bargeIn.atEpochMs && bargeIn.stopAudioAfterMs === undefined) {
      // The bot had gone quiet before the caller began (its stop is only confirmed after a hangover):
      // the caller interrupted nothing.
      this.bargeIns.splice(this.bargeIns.indexOf(bargeIn), 1);
      for (const turn of this.turns) if (turn.bargeIn === bargeIn) turn.bargeIn = undefined;
      return;
    }
    bargeIn.botSilentAfterMs = Math.max(0, atEpochMs - bargeIn.atEpochMs);
  }

  private addUsage(usage: Usage | undefined): void {
    this.tokens.responses++;
    if (!usage) return;
    this.tokens.input += usage.input_tokens;
    this.tokens.output += usage.output_tokens;
    this.tokens.total += usage.total_tokens;
    this.tokens.cached += usage.input_token_details.cached_tokens;
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled live event ${JSON.stringify(value)}`);
}
