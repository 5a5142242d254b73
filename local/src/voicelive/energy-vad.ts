// Server VAD over the received audio, energy based. The real service's `threshold` is a speech
// probability; here it maps linearly onto a frame-energy level in dBFS (0.5 -> -35 dBFS,
// 0.9 -> -15 dBFS, 0.1 -> -55 dBFS), loud enough to ignore line noise and quiet enough for speech.
//
// Timings follow the session's audio timeline (ms since the first audio of the session):
// speech starts once `speechDurationMs` of voiced frames have accumulated (gaps shorter than the
// silence duration are tolerated), `audioStartMs` is the first voiced frame minus the prefix
// padding, and speech stops after `silenceDurationMs` without a voiced frame, `audioEndMs` being the
// end of the last voiced frame.

export interface VadSettings {
  threshold: number;
  prefixPaddingMs: number;
  silenceDurationMs: number;
  speechDurationMs: number;
}

export type VadEvent =
  | { kind: "speech-started"; audioStartMs: number }
  | { kind: "speech-stopped"; audioEndMs: number };

const FRAME_MS = 10;

export function thresholdToDbfs(threshold: number): number {
  return -60 + 50 * threshold;
}

export class EnergyVad {
  private settings: VadSettings;
  private sampleRateHz = 24000;
  private pending: Int16Array = new Int16Array(0);
  private positionMs = 0;
  private state: "idle" | "candidate" | "speaking" = "idle";
  private candidateStartMs = 0;
  private voicedMs = 0;
  private lastVoicedEndMs = 0;

  constructor(settings: VadSettings) {
    this.settings = settings;
  }

  configure(settings: VadSettings): void {
    this.settings = settings;
  }

  get speaking(): boolean {
    return this.state === "speaking";
  }

  /** Feeds audio that starts at `startMs` on the session timeline; returns what it detected. */
  process(samples: Int16Array, sampleRateHz: number, startMs: number): VadEvent[] {
    if (sampleRateHz !== this.sampleRateHz) {
      this.sampleRateHz = sampleRateHz;
      this.pending = new Int16Array(0);
    }
    if (this.pending.length === 0) this.positionMs = startMs;
    const frameSamples = (sampleRateHz * FRAME_MS) / 1000;
    const joined = new Int16Array(this.pending.length + samples.length);
    joined.set(this.pending);
    joined.set(samples, this.pending.length);
    const events: VadEvent[] = [];
    let offset = 0;
    const minLevel = 32768 * 10 ** (thresholdToDbfs(this.settings.threshold) / 20);
    for (; offset + frameSamples <= joined.length; offset += frameSamples) {
      const level = rms(joined, offset, offset + frameSamples);
      const event = this.step(level >= minLevel);
      if (event) events.push(event);
      this.positionMs += FRAME_MS;
    }
    this.pending = joined.slice(offset);
    return events;
  }

  /** Forget any speech in progress (input_audio_buffer.clear). */
  reset(): void {
    this.state = "idle";
    this.voicedMs = 0;
    this.pending = new Int16Array(0);
  }

  private step(voiced: boolean): VadEvent | undefined {
    const frameStartMs = this.positionMs;
    const frameEndMs = frameStartMs + FRAME_MS;
    const { speechDurationMs, silenceDurationMs, prefixPaddingMs } = this.settings;
    if (voiced) {
      if (this.state === "idle") {
        this.state = "candidate";
        this.candidateStartMs = frameStartMs;
        this.voicedMs = 0;
      }
      this.voicedMs += FRAME_MS;
      this.lastVoicedEndMs = frameEndMs;
      if (this.state === "candidate" && this.voicedMs >= Math.max(FRAME_MS, speechDurationMs)) {
        this.state = "speaking";
        return {
          kind: "speech-started",
          audioStartMs: Math.max(0, Math.round(this.candidateStartMs - prefixPaddingMs)),
        };
      }
      return undefined;
    }
    if (this.state !== "idle" && frameEndMs - this.lastVoicedEndMs >= silenceDurationMs) {
      const wasSpeaking = this.state === "speaking";
      this.state = "idle";
      if (wasSpeaking) return { kind: "speech-stopped", audioEndMs: Math.round(this.lastVoicedEndMs) };
    }
    return undefined;
  }
}

function rms(samples: Int16Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) {
    const s = samples[i] ?? 0;
    sum += s * s;
  }
  return Math.sqrt(sum / Math.max(1, to - from));
}
