import type { Clock, TimerHandle } from "@acs-voice/shared";

export interface CallTimeoutSettings {
  /** Caller silence before the model re-prompts; 0 = never. */
  callerSilenceMs: number;
  /** Further silence after the re-prompt before goodbye and hang-up; 0 = never. */
  silenceHangupMs: number;
  /** Longest call; 0 = unlimited. */
  maxCallMs: number;
}

export interface CallTimeoutHandlers {
  reprompt(): void;
  silentTooLong(): void;
  maxDurationReached(): void;
}

/**
 * The call's two watchdogs. Silence is counted only while the bot is not speaking: the timer starts
 * when the bot's answer has finished playing and stops when the caller makes any sound the model
 * detects as speech (or presses a key). The first expiry re-prompts, the second ends the call.
 */
export class CallTimeouts {
  private silenceTimer: TimerHandle | undefined;
  private maxTimer: TimerHandle | undefined;
  private reprompted = false;
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly settings: CallTimeoutSettings,
    private readonly handlers: CallTimeoutHandlers,
  ) {}

  start(): void {
    if (this.settings.maxCallMs > 0) {
      this.maxTimer = this.clock.setTimeout(() => {
        this.maxTimer = undefined;
        if (!this.closed) this.handlers.maxDurationReached();
      }, this.settings.maxCallMs);
    }
  }

  /** The bot stopped talking; what it said ends playing in `remainingPlayoutMs`. */
  botFinished(remainingPlayoutMs: number): void {
    if (this.closed) return;
    this.cancelSilence();
    const waitMs = this.reprompted ? this.settings.silenceHangupMs : this.settings.callerSilenceMs;
    if (waitMs <= 0) return;
    this.silenceTimer = this.clock.setTimeout(() => {
      this.silenceTimer = undefined;
      if (this.closed) return;
      if (this.reprompted) {
        this.handlers.silentTooLong();
      } else {
        this.reprompted = true;
        this.handlers.reprompt();
      }
    }, Math.max(0, remainingPlayoutMs) + waitMs);
  }

  /** The bot started a new answer: nobody is waiting on the caller. */
  botStarted(): void {
    this.cancelSilence();
  }

  /** The caller spoke or pressed a key. */
  callerActive(): void {
    this.reprompted = false;
    this.cancelSilence();
  }

  close(): void {
    this.closed = true;
    this.cancelSilence();
    if (this.maxTimer !== undefined) this.clock.clearTimeout(this.maxTimer);
    this.maxTimer = undefined;
  }

  private cancelSilence(): void {
    if (this.silenceTimer !== undefined) this.clock.clearTimeout(this.silenceTimer);
    this.silenceTimer = undefined;
  }
}
