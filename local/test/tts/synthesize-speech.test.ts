import { describe, expect, it } from "vitest";
import { synthesizeFormantVoice } from "../../src/tts/formant-voice.js";
import { activeSpeechEngine, prepareSpeechSynthesis, synthesizeSpeech } from "../../src/tts/index.js";
import { resampleOffline } from "../../src/tts/resample-offline.js";

function rms(samples: Int16Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
}

/** Fraction of 20 ms frames louder than -40 dBFS: speech has pauses, a tone has none. */
function voicedFraction(samples: Int16Array, sampleRateHz: number): number {
  const frame = sampleRateHz / 50;
  let voiced = 0;
  let frames = 0;
  for (let i = 0; i + frame <= samples.length; i += frame) {
    frames++;
    if (rms(samples, i, i + frame) > 327) voiced++;
  }
  return voiced / frames;
}

const sentence = "Thanks for calling Contoso. How can I help you today?";

describe("synthesizeSpeech", () => {
  it("loads eSpeak NG offline and speaks at the requested rate, length following the text", async () => {
    expect(await prepareSpeechSynthesis()).toBe("espeak-ng");
    expect(activeSpeechEngine()).toBe("espeak-ng");
    for (const rate of [8000, 16000, 24000]) {
      const audio = synthesizeSpeech(sentence, rate);
      const seconds = audio.length / rate;
      expect(seconds).toBeGreaterThan(sentence.length / 25);
      expect(seconds).toBeLessThan(sentence.length / 8);
      expect(rms(audio)).toBeGreaterThan(1000);
      const fraction = voicedFraction(audio, rate);
      expect(fraction).toBeGreaterThan(0.4);
      expect(fraction).toBeLessThan(0.98);
    }
    const short = synthesizeSpeech("Bye.", 24000);
    expect(short.length).toBeLessThan(synthesizeSpeech(sentence, 24000).length / 3);
  });

  it("is deterministic, so caller audio can be timed against bot replies", async () => {
    await prepareSpeechSynthesis();
    const first = synthesizeSpeech(sentence, 16000);
    const second = synthesizeSpeech(sentence, 16000);
    expect(second.length).toBe(first.length);
    expect(Buffer.from(second.buffer).equals(Buffer.from(first.buffer))).toBe(true);
  });

  it("returns nothing for empty text and rejects impossible rates", () => {
    expect(synthesizeSpeech("   ", 24000).length).toBe(0);
    expect(() => synthesizeSpeech("hi", 100)).toThrow(RangeError);
  });
});

describe("formant fallback voice", () => {
  it("follows the text at about 14 characters per second with syllable pauses", () => {
    const audio = synthesizeFormantVoice(sentence, 16000);
    const seconds = audio.length / 16000;
    const letters = sentence.replace(/[^A-Za-z]/g, "").length;
    expect(seconds).toBeGreaterThan(letters / 16);
    expect(seconds).toBeLessThan(letters / 10);
    expect(rms(audio)).toBeGreaterThan(1000);
    const fraction = voicedFraction(audio, 16000);
    expect(fraction).toBeGreaterThan(0.4);
    expect(fraction).toBeLessThan(0.98);
  });
});

describe("resampleOffline", () => {
  it("keeps a 1 kHz tone's level and length when converting 22.05 kHz to 8/16/24 kHz", () => {
    const input = new Int16Array(22050);
    for (let i = 0; i < input.length; i++)
      input[i] = Math.round(10000 * Math.sin((2 * Math.PI * 1000 * i) / 22050));
    for (const rate of [8000, 16000, 24000]) {
      const out = resampleOffline(input, 22050, rate);
      expect(out.length).toBe(rate);
      const level = rms(out, rate / 10, rate - rate / 10);
      expect(level / rms(input)).toBeGreaterThan(0.95);
      expect(level / rms(input)).toBeLessThan(1.05);
    }
  });
});
