// The emulator's voice: real (robotic) speech from eSpeak NG when it has been loaded, otherwise the
// documented formant pattern. eSpeak varies by a few samples from run to run, so results are cached
// per (text, rate): within a process the same text always gives the same audio, which lets the
// caller-audio generator know exactly how long each bot reply lasts.

import { type EspeakEngine, loadEspeakEngine } from "./espeak-engine.js";
import { synthesizeFormantVoice } from "./formant-voice.js";
import { resampleOffline } from "./resample-offline.js";

export type SpeechEngineName = "espeak-ng" | "formant";
/** Two voices so that a recording of a call tells the bot (higher) from the caller (lower). */
export type SpeechVoice = "bot" | "caller";

const PITCH: Record<SpeechVoice, number> = { bot: 62, caller: 32 };

const CACHE_ENTRIES = 128;

let engine: EspeakEngine | undefined;
const cache = new Map<string, Int16Array>();
let loading: Promise<SpeechEngineName> | undefined;

/**
 * Loads eSpeak NG once per process. Resolves to the engine that `synthesizeSpeech` will use from now
 * on; never rejects (a missing or broken module means the formant fallback).
 */
export function prepareSpeechSynthesis(): Promise<SpeechEngineName> {
  loading ??= loadEspeakEngine().then(
    (loaded) => {
      engine = loaded;
      return "espeak-ng" as const;
    },
    () => "formant" as const,
  );
  return loading;
}

export function activeSpeechEngine(): SpeechEngineName {
  return engine ? "espeak-ng" : "formant";
}

/** Mono PCM16 speech for `text` at `sampleRateHz`; empty text gives an empty buffer. */
export function synthesizeSpeech(text: string, sampleRateHz: number, voice: SpeechVoice = "bot"): Int16Array {
  if (!Number.isInteger(sampleRateHz) || sampleRateHz < 8000 || sampleRateHz > 48000) {
    throw new RangeError(`sampleRateHz must be an integer between 8000 and 48000, got ${sampleRateHz}`);
  }
  if (text.trim().length === 0) return new Int16Array(0);
  const key = `${activeSpeechEngine()}|${voice}|${sampleRateHz}|${text}`;
  const cached = cache.get(key);
  if (cached) return cached.slice();
  const audio = engine
    ? resampleOffline(engine.synthesize(text, PITCH[voice]), engine.sampleRateHz, sampleRateHz)
    : synthesizeFormantVoice(text, sampleRateHz, voice === "caller" ? 0.75 : 1);
  if (cache.size >= CACHE_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, audio);
  return audio.slice();
}
