// The gaps a caller hears inside the bot's speech: the playout runs dry (the next audio has not arrived
// yet) and starts again shortly after. A longer silence is the end of an answer, and a StopAudio
// (barge-in) ends the speech on purpose: neither is a gap.

/** A dry playout that ends within this is a gap; a longer one is the end of an answer. */
export const MAX_GAP_MS = 400;

export class PlayoutGaps {
  #playing = false;
  #dryMs = 0;
  #gaps = 0;
  #gapMs = 0;

  constructor(private readonly frameMs: number) {}

  get gaps(): number {
    return this.#gaps;
  }

  get gapMs(): number {
    return Math.round(this.#gapMs);
  }

  /** One playout tick: `played` of `frameSamples` samples of bot audio came out of the buffer. */
  tick(played: number, frameSamples: number): void {
    if (played > 0 && this.#playing && this.#dryMs > 0) {
      this.#gaps++;
      this.#gapMs += this.#dryMs;
      this.#dryMs = 0;
    }
    if (played === frameSamples) {
      this.#playing = true;
      this.#dryMs = 0;
      return;
    }
    if (!this.#playing) return;
    this.#dryMs += ((frameSamples - played) / frameSamples) * this.frameMs;
    if (this.#dryMs > MAX_GAP_MS) {
      this.#playing = false;
      this.#dryMs = 0;
    }
  }

  /** StopAudio: the speech was cut on purpose. */
  stopped(): void {
    this.#playing = false;
    this.#dryMs = 0;
  }
}
