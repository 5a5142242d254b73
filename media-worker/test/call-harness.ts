import { performance } from "node:perf_hooks";
import type { Clock, TimerHandle } from "@acs-voice/shared";

/**
 * A deterministic stand-in voice for integration tests: every text is a pure tone of its own frequency,
 * 60 ms per character, so that any 20 ms of audio a peer received can be traced to the reply it came from.
 */
export function toneVoice(frequencyByText: ReadonlyMap<string, number>, fallbackHz = 1_600) {
  return (text: string, sampleRateHz: number, voice: "bot" | "caller" = "bot"): Int16Array => {
    const hz = voice === "caller" ? 220 : (frequencyByText.get(text) ?? fallbackHz);
    const samples = new Int16Array(Math.round((text.length * 60 * sampleRateHz) / 1000));
    const amplitude = voice === "caller" ? 9_000 : 8_000;
    for (let i = 0; i < samples.length; i++) {
      samples[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / sampleRateHz));
    }
    return samples;
  };
}

/** Dominant frequency of each 20 ms frame, from zero crossings (0 for silence). */
export function frameFrequencies(samples: Int16Array, sampleRateHz: number): number[] {
  const frame = (sampleRateHz * 20) / 1000;
  const out: number[] = [];
  for (let start = 0; start + frame <= samples.length; start += frame) {
    let crossings = 0;
    let energy = 0;
    for (let i = start; i < start + frame; i++) {
      const s = samples[i] as number;
      energy += s * s;
      if (i > start && s >= 0 !== (samples[i - 1] as number) >= 0) crossings++;
    }
    out.push(Math.sqrt(energy / frame) < 300 ? 0 : (crossings / 2) * 50);
  }
  return out;
}

/** True when `measuredHz` is the tone `hz` (zero-crossing estimates are within one crossing per frame). */
export function isTone(measuredHz: number, hz: number): boolean {
  return Math.abs(measuredHz - hz) <= 50;
}

/**
 * The system's monotonic clock running `speed` times faster, with a count of live timers so a test can
 * see that a call left none behind.
 */
export class ScaledClock implements Clock {
  private readonly originMs = performance.now();
  private readonly live = new Set<NodeJS.Timeout>();
  constructor(private readonly speed: number) {}
  now(): number {
    return (performance.now() - this.originMs) * this.speed;
  }
  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const handle = setTimeout(
      () => {
        this.live.delete(handle);
        callback();
      },
      Math.max(0, delayMs / this.speed),
    );
    this.live.add(handle);
    return handle;
  }
  clearTimeout(handle: TimerHandle): void {
    clearTimeout(handle as NodeJS.Timeout);
    this.live.delete(handle as NodeJS.Timeout);
  }
  get liveTimers(): number {
    return this.live.size;
  }
}
