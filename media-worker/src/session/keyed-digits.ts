import type { CallEvent } from "./call-events.js";

/** Says that something the caller keyed was there, not what. */
export const REDACTED = "[keyed digits]";
const MIN_DIGITS = 3;
const MIN_PARTIAL_DIGITS = 4;
/** Sequences remembered per call; the oldest is forgotten first (nobody keys 32 PINs into one call). */
const MAX_SEQUENCES = 32;

const DIGIT_WORDS: Readonly<Record<string, string>> = {
  zero: "0",
  oh: "0",
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
};
const DIGIT = String.raw`(?:\d|\b(?:${Object.keys(DIGIT_WORDS).join("|")})\b)`;
const SEPARATOR = String.raw`[\s\-.,/()]*`;
const DIGIT_RUN = new RegExp(`${DIGIT}(?:${SEPARATOR}${DIGIT})*`, "gi");
const DIGIT_TOKEN = new RegExp(DIGIT, "gi");

/**
 * The digit sequences the caller keyed in this call, kept so they can be taken out of the words in the
 * call's event stream (the record and the monitor are fed from it). Key presses can be PINs or card
 * numbers, and the model may read them back ("your PIN 4 9 2 1 is confirmed"); what the caller keyed is
 * already reduced to a count where it enters (DtmfInput), this covers what the model says about it.
 *
 * A sequence of fewer than MIN_DIGITS digits is a menu choice, not a secret, and is left alone (taking
 * every "one" and "2" out of the bot's words would make the transcript useless). A longer one is taken
 * out wherever its digits appear in a run of digits, written as numerals or spoken digit words, with
 * spaces, hyphens, dots or commas between them; a run of four or more that is part of what was keyed
 * ("ending in 6789") is taken out too. Numbers said as tens ("forty-nine") are not recognised.
 */
export class KeyedDigits {
  private readonly sequences: string[] = [];

  /** A key sequence reached the model (`*`, `#` and A-D are not digits and are not kept). */
  remember(keys: string): void {
    const digits = keys.replace(/\D/g, "");
    if (digits.length < MIN_DIGITS || this.sequences.includes(digits)) return;
    this.sequences.push(digits);
    if (this.sequences.length > MAX_SEQUENCES) this.sequences.shift();
  }

  redact(text: string): string {
    if (this.sequences.length === 0) return text;
    return text.replace(DIGIT_RUN, (run) => (this.isKeyed(digitsOf(run)) ? REDACTED : run));
  }

  /** The event as it may be stored and published: its words without the keyed digits. */
  redactEvent(event: CallEvent): CallEvent {
    if (this.sequences.length === 0) return event;
    if (event.type === "transcript") return { ...event, text: this.redact(event.text) };
    if (event.type === "turn") {
      const { turn } = event;
      return {
        ...event,
        turn: { ...turn, botText: this.redact(turn.botText), callerText: this.redact(turn.callerText) },
      };
    }
    return event;
  }

  private isKeyed(run: string): boolean {
    return this.sequences.some(
      (keyed) => run.includes(keyed) || (run.length >= MIN_PARTIAL_DIGITS && keyed.includes(run)),
    );
  }
}

function digitsOf(run: string): string {
  let digits = "";
  for (const [token] of run.matchAll(DIGIT_TOKEN)) digits += DIGIT_WORDS[token.toLowerCase()] ?? token;
  return digits;
}
