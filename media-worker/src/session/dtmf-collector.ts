import type { Clock, TimerHandle } from "@acs-voice/shared";

/** A sequence longer than this is sent as it is (nobody types 64 digits into a phone bot). */
const MAX_DIGITS = 64;
const VALID_TONE = /^[0-9A-D*#]$/;
/** Call Automation names tones in words elsewhere (DtmfTone); accepted here too. */
const TONE_NAMES: Record<string, string> = {
  ZERO: "0",
  ONE: "1",
  TWO: "2",
  THREE: "3",
  FOUR: "4",
  FIVE: "5",
  SIX: "6",
  SEVEN: "7",
  EIGHT: "8",
  NINE: "9",
  POUND: "#",
  ASTERISK: "*",
  STAR: "*",
};

/**
 * Groups key presses into sequences: a sequence ends after `interDigitMs` without a key, on `#`, or at
 * the length bound. Tones arrive one per DtmfData message.
 */
export class DtmfCollector {
  private digits = "";
  private timer: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly interDigitMs: number,
    private readonly onSequence: (digits: string) => void,
  ) {}

  /** Returns false for anything that is not one DTMF tone (counted by the caller). */
  push(tone: string): boolean {
    const upper = tone.trim().toUpperCase();
    const normalised = TONE_NAMES[upper] ?? upper;
    if (!VALID_TONE.test(normalised)) return false;
    this.digits += normalised;
    this.cancelTimer();
    if (normalised === "#" || this.digits.length >= MAX_DIGITS) this.flush();
    else this.timer = this.clock.setTimeout(() => this.flush(), this.interDigitMs);
    return true;
  }

  close(): void {
    this.cancelTimer();
    this.digits = "";
  }

  private flush(): void {
    this.cancelTimer();
    const digits = this.digits;
    this.digits = "";
    if (digits !== "") this.onSequence(digits);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
