/**
 * Who is speaking right now, from a stream of 20 ms frames: starts on the first loud frame, stops once
 * the frames have been quiet (or absent) for `hangoverMs`, so the pauses between words are no turn.
 * The stop is dated at the end of the last loud frame, not at the moment the hangover confirmed it.
 */
export class SpeechActivity {
  private speakingValue = false;
  private lastLoudEndMs = 0;

  constructor(private readonly hangoverMs: number) {}

  get speaking(): boolean {
    return this.speakingValue;
  }

  /** A frame that ends at `endMs`; returns the change it causes, if any. */
  frame(endMs: number, loud: boolean, frameMs = 20): SpeechChange | undefined {
    if (loud) {
      this.lastLoudEndMs = endMs;
      if (this.speakingValue) return undefined;
      this.speakingValue = true;
      return { speaking: true, atMs: endMs - frameMs };
    }
    return this.tick(endMs);
  }

  /** Time passes without a frame (e.g. the far end stopped sending); `hangoverMs` may be shorter here. */
  tick(nowMs: number, hangoverMs = this.hangoverMs): SpeechChange | undefined {
    if (!this.speakingValue || nowMs - this.lastLoudEndMs < hangoverMs) return undefined;
    this.speakingValue = false;
    return { speaking: false, atMs: this.lastLoudEndMs };
  }

  /** Ends speech at once (e.g. StopAudio emptied the caller's playout buffer). */
  stop(nowMs: number): SpeechChange | undefined {
    if (!this.speakingValue) return undefined;
    this.speakingValue = false;
    return { speaking: false, atMs: nowMs };
  }
}

export interface SpeechChange {
  speaking: boolean;
  atMs: number;
}
