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
    const audio = synthesize(turn.caller, sampleRateHz, "caller");
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
