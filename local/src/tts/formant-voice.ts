// Fallback voice used when the eSpeak NG engine is not available: a voiced-tone pattern that has
// what VAD, barge-in and listening tests need from speech (harmonic spectrum, syllable rhythm,
// pauses between words), not intelligibility.
//
// Pattern: every word becomes syllables of ~180 ms (one per ~3 letters); each syllable is a
// glottal-like harmonic series at a gently falling pitch, shaped by two formant resonances
// (vowel-dependent) and a raised-cosine envelope. Words are separated by short gaps and
// punctuation by longer ones, so the length follows the text at about 14 characters per second.

import { clampPcm16 } from "./resample-offline.js";

const CHARS_PER_SECOND = 14;
const WORD_GAP_MS = 60;
const PUNCTUATION_GAP_MS = 250;
const PEAK_AMPLITUDE = 9000;

/** Vowel-like formant pairs (Hz), cycled per syllable so consecutive syllables differ. */
const FORMANTS: ReadonlyArray<readonly [number, number]> = [
  [730, 1090],
  [270, 2290],
  [530, 1840],
  [570, 840],
  [440, 1020],
];

/** `pitchScale` lowers (< 1) or raises the voice, so two speakers can be told apart. */
export function synthesizeFormantVoice(text: string, sampleRateHz: number, pitchScale = 1): Int16Array {
  const tokens = text
    .trim()
    .split(/\s+/)
    .filter((t) => t.length > 0);
  const pieces: Int16Array[] = [];
  let syllableIndex = 0;
  for (const token of tokens) {
    const letters = token.replace(/[^\p{L}\p{N}]/gu, "").length;
    if (letters > 0) {
      const wordMs = (letters / CHARS_PER_SECOND) * 1000;
      const syllables = Math.max(1, Math.round(letters / 3));
      const syllableMs = wordMs / syllables;
      for (let s = 0; s < syllables; s++) {
        pieces.push(syllable(syllableMs, sampleRateHz, syllableIndex++, pitchScale));
      }
    }
    const gapMs = /[.,;:!?]$/.test(token) ? PUNCTUATION_GAP_MS : WORD_GAP_MS;
    pieces.push(new Int16Array(Math.round((gapMs * sampleRateHz) / 1000)));
  }
  return concat(pieces);
}

function syllable(durationMs: number, sampleRateHz: number, index: number, pitchScale: number): Int16Array {
  const length = Math.max(1, Math.round((durationMs * sampleRateHz) / 1000));
  const out = new Int16Array(length);
  const [f1, f2] = FORMANTS[index % FORMANTS.length] ?? [500, 1500];
  const basePitchHz = pitchScale * (125 + 15 * Math.sin(index * 0.9));
  const nyquist = sampleRateHz / 2;
  let phase = 0;
  for (let i = 0; i < length; i++) {
    const progress = i / length;
    const pitchHz = basePitchHz * (1.05 - 0.1 * progress);
    phase += (2 * Math.PI * pitchHz) / sampleRateHz;
    let value = 0;
    for (let h = 1; h * pitchHz < Math.min(4000, nyquist); h++) {
      const harmonicHz = h * pitchHz;
      const gain = resonance(harmonicHz, f1, 90) + 0.6 * resonance(harmonicHz, f2, 120);
      value += (gain / h) * Math.sin(h * phase);
    }
    const envelope = 0.5 - 0.5 * Math.cos(2 * Math.PI * Math.min(1, progress));
    out[i] = clampPcm16(PEAK_AMPLITUDE * envelope * value);
  }
  return out;
}

function resonance(frequencyHz: number, centerHz: number, bandwidthHz: number): number {
  const d = (frequencyHz - centerHz) / bandwidthHz;
  return 1 / (1 + d * d);
}

function concat(pieces: Int16Array[]): Int16Array {
  const total = pieces.reduce((sum, p) => sum + p.length, 0);
  const out = new Int16Array(total);
  let offset = 0;
  for (const p of pieces) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
