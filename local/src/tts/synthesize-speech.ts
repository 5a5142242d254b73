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
/** eSpeak output at its own rate, per voice and text: the slow part (~1 s per 20 s of speech). */
const rawCache = new Map<string, Int16Array>();
/** Final audio per engine, voice, rate and text. */
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
    ? resampleOffline(rawSpeech(engine, text, voice), engine.sampleRateHz, sampleRateHz)
    : synthesizeFormantVoice(text, sampleRateHz, voice === "caller" ? 0.75 : 1);
  remember(cache, key, audio);
  return audio.slice();
}

/**
 * Synthesises `texts` ahead of use, one at a time with the event loop free in between, so that a
 * later `synthesizeSpeech` of the same text is instant (eSpeak in WebAssembly runs at ~17x real
 * time, which would otherwise delay a long reply's first audio by seconds).
 */
export async function warmUpSpeech(
  texts: Iterable<string>,
  sampleRatesHz: Iterable<number>,
  voice: SpeechVoice = "bot",
): Promise<void> {
  const rates = [...sampleRatesHz];
  for (const text of new Set(texts)) {
    for (const rate of rates) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      synthesizeSpeech(text, rate, voice);
    }
  }
}

function rawSpeech(loaded: EspeakEngine, text: string, voice: SpeechVoice): Int16Array {
  const key = `${voice}|${text}`;
  const cached = rawCache.get(key);
  if (cached) return cached;
  const audio = loaded.synthesize(text, PITCH[voice]);
  remember(rawCache, key, audio);
  return audio;
}

function remember(map: Map<string, Int16Array>, key: string, audio: Int16Array): void {
  if (map.size >= CACHE_ENTRIES) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.set(key, audio);
}
