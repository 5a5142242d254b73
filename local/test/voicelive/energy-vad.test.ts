import { describe, expect, it } from "vitest";
import { EnergyVad, thresholdToDbfs, type VadSettings } from "../../src/voicelive/energy-vad.js";

const settings: VadSettings = {
  threshold: 0.5,
  prefixPaddingMs: 300,
  silenceDurationMs: 500,
  speechDurationMs: 200,
};

/** Silence/tone segments [durationMs, amplitude] at `rate`. */
function signal(rate: number, segments: Array<[number, number]>): Int16Array {
  const total = segments.reduce((sum, [ms]) => sum + (ms * rate) / 1000, 0);
  const out = new Int16Array(total);
  let offset = 0;
  for (const [ms, amplitude] of segments) {
    const n = (ms * rate) / 1000;
    for (let i = 0; i < n; i++)
      out[offset + i] = Math.round(amplitude * Math.sin((2 * Math.PI * 200 * i) / rate));
    offset += n;
  }
  return out;
}

function feedInPieces(vad: EnergyVad, audio: Int16Array, rate: number, pieceSamples: number) {
  const events = [];
  for (let i = 0; i < audio.length; i += pieceSamples) {
    const piece = audio.subarray(i, Math.min(audio.length, i + pieceSamples));
    events.push(...vad.process(piece, rate, (i * 1000) / rate));
  }
  return events;
}

describe("EnergyVad", () => {
  it("maps the threshold onto dBFS", () => {
    expect(thresholdToDbfs(0.5)).toBe(-35);
    expect(thresholdToDbfs(0.9)).toBe(-15);
  });

  it("finds one utterance with prefix padding, regardless of how the audio is chunked", () => {
    for (const rate of [8000, 16000, 24000]) {
      const audio = signal(rate, [
        [700, 0],
        [1200, 6000],
        [300, 0], // a pause shorter than the silence duration stays inside the utterance
        [400, 6000],
        [900, 0],
      ]);
      for (const piece of [rate / 50, 333, 4096]) {
        const events = feedInPieces(new EnergyVad(settings), audio, rate, piece);
        expect(events).toEqual([
          { kind: "speech-started", audioStartMs: 400 },
          { kind: "speech-stopped", audioEndMs: 2600 },
        ]);
      }
    }
  });

  it("needs speechDurationMs of voiced audio: a click is not speech", () => {
    const rate = 16000;
    const events = feedInPieces(
      new EnergyVad(settings),
      signal(rate, [
        [100, 0],
        [120, 9000],
        [1000, 0],
      ]),
      rate,
      320,
    );
    expect(events).toEqual([]);
  });

  it("honours the threshold and the silence duration", () => {
    const rate = 24000;
    const quiet = signal(rate, [
      [500, 1500],
      [1000, 0],
    ]); // about -29 dBFS
    expect(feedInPieces(new EnergyVad({ ...settings, threshold: 0.8 }), quiet, rate, 480)).toEqual([]);
    expect(feedInPieces(new EnergyVad({ ...settings, threshold: 0.3 }), quiet, rate, 480)).toHaveLength(2);
    const twoWords = signal(rate, [
      [400, 6000],
      [300, 0],
      [400, 6000],
      [1000, 0],
    ]);
    expect(
      feedInPieces(new EnergyVad({ ...settings, silenceDurationMs: 200 }), twoWords, rate, 480),
    ).toHaveLength(4);
    expect(
      feedInPieces(new EnergyVad({ ...settings, silenceDurationMs: 500 }), twoWords, rate, 480),
    ).toHaveLength(2);
  });

  it("reset forgets speech in progress", () => {
    const rate = 16000;
    const vad = new EnergyVad(settings);
    feedInPieces(vad, signal(rate, [[600, 6000]]), rate, 320);
    expect(vad.speaking).toBe(true);
    vad.reset();
    expect(vad.speaking).toBe(false);
    expect(vad.process(signal(rate, [[1000, 0]]), rate, 600)).toEqual([]);
  });
});
