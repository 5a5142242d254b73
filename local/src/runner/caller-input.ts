// What the emulated caller says: synthesised from the scenario's caller lines (timed against the bot's
// replies, see buildCallerAudio), or a WAV file of the user's own (`--caller file.wav`), mixed to mono
// and resampled to the call's rate.

import { readFileSync } from "node:fs";
import { createResampler, readWav } from "@acs-voice/shared";
import { buildCallerAudio, type CallerAudioOptions, type Scenario } from "../voicelive/index.js";
import { findSpeechSegments } from "./speech-segments.js";

export interface CallerInput {
  samples: Int16Array;
  sampleRateHz: number;
  /** Where the caller speaks, in ms from the start of the media leg. */
  utterances: { startMs: number; endMs: number; text: string | undefined }[];
}

/**
 * The timing model of a local call: the worker asks for the greeting at once, the emulator answers after
 * its model latency, and replies are heard about a VAD silence plus a few hundred ms after the caller
 * stops.
 */
export const LOCAL_CALL_TIMING: CallerAudioOptions = {
  greetingDelayMs: 600,
  replyDelayMs: 800,
  gapAfterReplyMs: 700,
  trailingSilenceMs: 1_500,
};

export function synthesiseCaller(scenario: Scenario, sampleRateHz: number): CallerInput {
  const audio = buildCallerAudio(scenario, sampleRateHz, LOCAL_CALL_TIMING);
  return { samples: audio.samples, sampleRateHz, utterances: audio.utterances };
}

export class CallerFileError extends Error {
  override readonly name = "CallerFileError";
}

export function readCallerWav(path: string, sampleRateHz: number): CallerInput {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new CallerFileError(`--caller ${path}: the file cannot be read`);
  }
  let wav: ReturnType<typeof readWav>;
  try {
    wav = readWav(bytes);
  } catch (error) {
    throw new CallerFileError(
      `--caller ${path}: ${error instanceof Error ? error.message : "not a WAV file"}`,
    );
  }
  const mono = wav.channels === 1 ? wav.samples : mixToMono(wav.samples);
  const samples = createResampler(wav.sampleRateHz, sampleRateHz).process(mono);
  const utterances = findSpeechSegments(samples, sampleRateHz).map((s) => ({ ...s, text: undefined }));
  if (utterances.length === 0) throw new CallerFileError(`--caller ${path}: no speech found in the file`);
  return { samples, sampleRateHz, utterances };
}

function mixToMono(stereo: Int16Array): Int16Array {
  const mono = new Int16Array(stereo.length / 2);
  for (let i = 0; i < mono.length; i++) mono[i] = ((stereo[2 * i] ?? 0) + (stereo[2 * i + 1] ?? 0)) >> 1;
  return mono;
}
