/**
 * Turn-taking measured from the caller's seat, one 20 ms frame at a time: when the caller stops
 * talking, how long until the bot is heard; when the caller talks over the bot, how long until the
 * bot falls silent. Both sides go through the same voice-activity rule (a frame is speech when it is
 * louder than the silence threshold) with a hangover, so a pause between words neither ends an
 * utterance nor counts as the bot stopping.
 */

export interface TurnMetricsOptions {
  frameMs: number;
  /** Caller silence that ends an utterance; shorter pauses keep it going. */
  callerHangoverMs: number;
  /** Bot silence after which the bot counts as no longer heard; shorter gaps are pauses between words. */
  botHangoverMs: number;
}

export interface MeasuredUtterance {
  startMs: number;
  /** End of the last speech frame, before the hangover that confirmed it. */
  endMs: number;
  /** First bot audio heard after `endMs`, minus `endMs`; NaN when the caller spoke again first or hung up. */
  botAudioAfterMs: number;
  /** The utterance began while the bot was being heard. */
  bargeIn: boolean;
}

export interface MeasuredBargeIn {
  callerStartMs: number;
  /** When the bot's audio stopped being heard; NaN when it was still playing at the end of the call. */
  botStopMs: number;
}

export interface TurnReport {
  utterances: MeasuredUtterance[];
  bargeIns: MeasuredBargeIn[];
  /** When each stretch of bot audio began to be heard. */
  botOnsetsMs: number[];
  callerSpeechEndsMs: number[];
  /** Aligned with `callerSpeechEndsMs`; NaN where the bot did not answer that utterance. */
  firstBotAudioAfterCallerStopMs: number[];
  /** Caller start to bot silence, one per barge-in; NaN where the bot never stopped. */
  bargeInStopMs: number[];
}

interface OpenUtterance {
  record: MeasuredUtterance;
  lastSpeechEndMs: number;
  silentMs: number;
}

interface OpenBargeIn {
  utterance: MeasuredUtterance;
  callerStartMs: number;
}

export class TurnMetrics {
  readonly #options: TurnMetricsOptions;
  readonly #utterances: MeasuredUtterance[] = [];
  readonly #bargeIns: MeasuredBargeIn[] = [];
  readonly #botOnsetsMs: number[] = [];
  #openUtterance: OpenUtterance | undefined;
  #awaitingAnswer: MeasuredUtterance | undefined;
  #openBargeIn: OpenBargeIn | undefined;
  #botHeard = false;
  #botLastAudibleEndMs = 0;
  #botSilentMs = 0;
  #finished = false;

  constructor(options: TurnMetricsOptions) {
    this.#options = options;
  }

  /** Frames must come in order, one per frame index, starting at 0. */
  observe(frameIndex: number, callerSpeaking: boolean, botAudible: boolean): void {
    if (this.#finished) return;
    const startMs = frameIndex * this.#options.frameMs;
    this.#observeCaller(startMs, callerSpeaking);
    this.#observeBot(startMs, botAudible);
  }

  /** Closes the books at the end of the call: anything still waiting gets NaN. */
  finish(): TurnReport {
    if (!this.#finished) {
      this.#finished = true;
      // The bot had already gone quiet when the call ended: that is when it stopped being heard.
      if (this.#botHeard && this.#botSilentMs > 0) this.#botStopped(this.#botLastAudibleEndMs);
      if (this.#openBargeIn !== undefined) {
        this.#bargeIns.push({ callerStartMs: this.#openBargeIn.callerStartMs, botStopMs: Number.NaN });
        this.#openBargeIn = undefined;
      }
    }
    const utterances = this.#utterances.map((utterance) => ({ ...utterance }));
    const bargeIns = this.#bargeIns.map((bargeIn) => ({ ...bargeIn }));
    return {
      utterances,
      bargeIns,
      botOnsetsMs: [...this.#botOnsetsMs],
      callerSpeechEndsMs: utterances.map((utterance) => utterance.endMs),
      firstBotAudioAfterCallerStopMs: utterances.map((utterance) => utterance.botAudioAfterMs),
      bargeInStopMs: bargeIns.map((bargeIn) => bargeIn.botStopMs - bargeIn.callerStartMs),
    };
  }

  #observeCaller(startMs: number, speaking: boolean): void {
    const frameEndMs = startMs + this.#options.frameMs;
    const open = this.#openUtterance;
    if (speaking) {
      if (open === undefined) {
        this.#callerStarted(startMs, frameEndMs);
      } else {
        open.lastSpeechEndMs = frameEndMs;
        open.silentMs = 0;
      }
      return;
    }
    if (open === undefined) return;
    open.silentMs += this.#options.frameMs;
    if (open.silentMs >= this.#options.callerHangoverMs) this.#callerStopped(open);
  }

  #callerStarted(startMs: number, frameEndMs: number): void {
    // The caller spoke again before the bot answered the previous utterance: that one stays NaN.
    this.#awaitingAnswer = undefined;
    const record: MeasuredUtterance = {
      startMs,
      endMs: Number.NaN,
      botAudioAfterMs: Number.NaN,
      bargeIn: this.#botHeard,
    };
    this.#openUtterance = { record, lastSpeechEndMs: frameEndMs, silentMs: 0 };
    // Only the first interruption counts until the bot stops: talking on over a bot that keeps
    // playing is the same barge-in, still waiting to be honoured.
    if (record.bargeIn && this.#openBargeIn === undefined) {
      this.#openBargeIn = { utterance: record, callerStartMs: startMs };
    }
  }

  #callerStopped(open: OpenUtterance): void {
    open.record.endMs = open.lastSpeechEndMs;
    this.#utterances.push(open.record);
    this.#openUtterance = undefined;
    // The bot may already have started during the hangover that confirmed the end.
    const lastOnsetMs = this.#botOnsetsMs.at(-1);
    if (lastOnsetMs !== undefined && lastOnsetMs >= open.record.endMs) {
      open.record.botAudioAfterMs = lastOnsetMs - open.record.endMs;
    } else {
      this.#awaitingAnswer = open.record;
    }
  }

  #observeBot(startMs: number, audible: boolean): void {
    if (audible) {
      if (!this.#botHeard) this.#botStarted(startMs);
      this.#botLastAudibleEndMs = startMs + this.#options.frameMs;
      this.#botSilentMs = 0;
      return;
    }
    if (!this.#botHeard) return;
    this.#botSilentMs += this.#options.frameMs;
    if (this.#botSilentMs >= this.#options.botHangoverMs) this.#botStopped(this.#botLastAudibleEndMs);
  }

  #botStarted(startMs: number): void {
    this.#botHeard = true;
    this.#botOnsetsMs.push(startMs);
    const awaiting = this.#awaitingAnswer;
    if (awaiting !== undefined) {
      awaiting.botAudioAfterMs = startMs - awaiting.endMs;
      this.#awaitingAnswer = undefined;
    }
  }

  #botStopped(stopMs: number): void {
    this.#botHeard = false;
    this.#botSilentMs = 0;
    const open = this.#openBargeIn;
    if (open === undefined) return;
    this.#openBargeIn = undefined;
    if (stopMs > open.callerStartMs) {
      this.#bargeIns.push({ callerStartMs: open.callerStartMs, botStopMs: stopMs });
    } else {
      // The bot had already fallen silent for good before the caller began (it was only pausing
      // within the hangover): the caller did not interrupt anything.
      open.utterance.bargeIn = false;
    }
  }
}
