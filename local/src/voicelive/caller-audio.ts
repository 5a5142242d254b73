// The caller's side of a scripted call: one mono track with every `turns[i].caller` spoken (by the
// local TTS, in the lower "caller" voice) and silences in between, timed against the bot's replies so
// that the caller answers after each reply and, where a turn sets `interruptAfterMs`, talks over the
// reply (barge-in) that many ms after it starts.
//
// Timing model (defaults match the emulator's defaults and a local media worker):
//   greeting heard from greetingDelayMs (connection set-up + model latency);
//   a reply is heard replyDelayMs after the caller stops (VAD silence 500 ms + latency + pipeline);
//   the caller speaks again gapAfterReplyMs after a reply ends.
// Reply lengths come from synthesising the reply text with the same TTS as the emulator.
// Pauses inside one caller line (eSpeak pauses ~0.5 s between sentences) are shortened to
// maxPauseMs, so a server VAD with the usual silence_duration_ms (>= 400 ms) hears one utterance per
// line, i.e. one scripted turn.

import { synthesizeSpeech } from "../tts/index.js";
import type { Scenario } from "./scenario.js";

export interface CallerUtterance {
  startMs: number;
  endMs: number;
  text: string;
}

export interface CallerAudio {
  samples: Int16Array;
  utterances: CallerUtterance[];
}

export interface CallerAudioOptions {
  greetingDelayMs?: number; // default 1500
  replyDelayMs?: number; // default 900
  gapAfterReplyMs?: number; // default 1200
  /** Silence after the last reply is expected to end; default 2000. */
  trailingSilenceMs?: number;
  /** Longest pause kept inside one caller line; default 300. */
  maxPauseMs?: number;
  synthesize?: (text: string, sampleRateHz: number, voice: "bot" | "caller") => Int16Array;
}

export function buildCallerAudio(
  scenario: Scenario,
  sampleRateHz: number,
  options: CallerAudioOptions = {},
): CallerAudio {
  const greetingDelayMs = options.greetingDelayMs ?? 1500;
  const replyDelayMs = options.replyDelayMs ?? 900;
  const gapAfterReplyMs = options.gapAfterReplyMs ?? 1200;
  const trailingSilenceMs = options.trailingSilenceMs ?? 2000;
  const synthesize = options.synthesize ?? synthesizeSpeech;
  const spokenMs = (text: string | undefined) =>
    text ? (synthesize(text, sampleRateHz, "bot").length * 1000) / sampleRateHz : 0;

  const pieces: Array<{ startMs: number; audio: Int16Array; text: string }> = [];
  let cursorMs = scenario.greeting
    ? greetingDelayMs + spokenMs(scenario.greeting) + gapAfterReplyMs
    : gapAfterReplyMs;
  let endMs = cursorMs;
  for (const turn of scenario.turns) {
    const audio = capPauses(
      synthesize(turn.caller, sampleRateHz, "caller"),
      sampleRateHz,
      options.maxPauseMs ?? 300,
    );
    const startMs = Math.round(cursorMs);
    const stopMs = startMs + (audio.length * 1000) / sampleRateHz;
    pieces.push({ startMs, audio, text: turn.caller });
    const replyStartMs = stopMs + replyDelayMs;
    let replyMs = spokenMs(turn.reply);
    if (turn.functionCall && turn.replyAfterFunction)
      replyMs += replyDelayMs + spokenMs(turn.replyAfterFunction);
    if (turn.interruptAfterMs !== undefined) {
      cursorMs = replyStartMs + Math.min(turn.interruptAfterMs, Math.max(0, replyMs - 500));
    } else {
      cursorMs = replyStartMs + replyMs + gapAfterReplyMs;
    }
    endMs = Math.max(stopMs, replyStartMs + replyMs);
  }
  const totalMs = endMs + trailingSilenceMs;
  const samples = new Int16Array(Math.ceil((totalMs * sampleRateHz) / 1000));
  const utterances: CallerUtterance[] = [];
  for (const piece of pieces) {
    const offset = Math.round((piece.startMs * sampleRateHz) / 1000);
    samples.set(piece.audio.subarray(0, Math.max(0, samples.length - offset)), offset);
    utterances.push({
      startMs: piece.startMs,
      endMs: Math.round(piece.startMs + (piece.audio.length * 1000) / sampleRateHz),
      text: piece.text,
    });
  }
  return { samples, utterances };
}

/** -45 dBFS: quieter 10 ms frames count as pause. */
const PAUSE_LEVEL = 32768 * 10 ** (-45 / 20);

/** Shortens every run of quiet 10 ms frames to at most `maxPauseMs`. */
export function capPauses(samples: Int16Array, sampleRateHz: number, maxPauseMs: number): Int16Array {
  const frame = Math.round(sampleRateHz / 100);
  const maxQuietFrames = Math.floor(maxPauseMs / 10);
  const kept: Int16Array[] = [];
  let quietRun = 0;
  for (let i = 0; i < samples.length; i += frame) {
    const piece = samples.subarray(i, Math.min(samples.length, i + frame));
    let sum = 0;
    for (const s of piece) sum += s * s;
    const quiet = Math.sqrt(sum / Math.max(1, piece.length)) < PAUSE_LEVEL;
    quietRun = quiet ? quietRun + 1 : 0;
    if (quietRun <= maxQuietFrames) kept.push(piece);
  }
  const out = new Int16Array(kept.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of kept) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
