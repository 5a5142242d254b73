/**
 * The `session.update` the worker sends: audio rates follow the ACS format (no resampling unless forced),
 * the voice kind follows the name, and every variant passes the Voice Live client-event schema.
 */
import { encodeClientEvent, parseClientEvent } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { buildSessionConfig, voiceFor } from "../src/session/session-config.js";

describe("voiceFor", () => {
  it.each([
    ["en-US-AvaNeural", "azure-standard"],
    ["en-US-Ava:DragonHDLatestNeural", "azure-standard"],
    ["zh-CN-XiaoxiaoMultilingualNeural", "azure-standard"],
    ["sr-Latn-RS-NicholasNeural", "azure-standard"],
    ["alloy", "openai"],
    ["marin", "openai"],
  ])("%s is an %s voice", (name, type) => {
    expect(voiceFor(name)).toEqual({ type, name });
  });
});

describe("buildSessionConfig", () => {
  it.each([
    ["pcm24KMono", undefined, 24000, "pcm16"],
    ["pcm16KMono", undefined, 16000, "pcm16_16000hz"],
    ["pcm16KMono", 24000, 24000, "pcm16"],
    ["pcm24KMono", 16000, 16000, "pcm16_16000hz"],
  ] as const)(
    "ACS %s with model rate %s -> input %i Hz, output %s",
    (format, forced, inputHz, outputFormat) => {
      const session = buildSessionConfig({
        systemPrompt: "Be brief.",
        voiceName: "en-US-AvaNeural",
        acsAudioFormat: format,
        modelSampleRateHz: forced,
      });
      expect(session.input_audio_sampling_rate).toBe(inputHz);
      expect(session.output_audio_format).toBe(outputFormat);
      const parsed = parseClientEvent(encodeClientEvent({ type: "session.update", session }));
      expect(parsed.type).toBe("session.update");
    },
  );
});
