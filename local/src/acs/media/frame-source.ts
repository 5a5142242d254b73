/**
 * Cuts the caller's audio into fixed frames, the way the phone line delivers it: the last partial
 * frame is padded with silence, and after the audio ends the line keeps delivering silence.
 */
export class CallerFrameSource {
  readonly samplesPerFrame: number;
  /** Frames that carry caller audio; every later frame is silence. */
  readonly callerFrameCount: number;
  readonly #caller: Int16Array;
  readonly #silence: Int16Array;

  constructor(caller: Int16Array, samplesPerFrame: number) {
    this.#caller = caller;
    this.samplesPerFrame = samplesPerFrame;
    this.callerFrameCount = Math.ceil(caller.length / samplesPerFrame);
    this.#silence = new Int16Array(samplesPerFrame);
  }

  /** Frame `index`, exactly `samplesPerFrame` long. Treat it as read-only: it may be shared. */
  frame(index: number): Int16Array {
    const start = index * this.samplesPerFrame;
    const end = start + this.samplesPerFrame;
    if (end <= this.#caller.length) return this.#caller.subarray(start, end);
    if (start >= this.#caller.length) return this.#silence;
    const padded = new Int16Array(this.samplesPerFrame);
    padded.set(this.#caller.subarray(start));
    return padded;
  }
}
