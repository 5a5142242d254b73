import {
  encodeAcsAudioData,
  encodeAcsStopAudio,
  encodeAudioAppend,
  parseServerEvent,
  pcm16ToBase64,
} from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { checkAcceptance } from "../../../media-worker/src/session/session-acceptance.js";
import { buildSessionConfig } from "../../../media-worker/src/session/session-config.js";
import {
  appendedAudioBytes,
  checkWireTexts,
  outboundAudioBytes,
  sessionUpdatedText,
} from "../../src/load/wire.js";

// The load generator reads audio lengths from the worker's messages without parsing JSON; these readers
// must agree with the product's encoders byte for byte, or every latency figure would be wrong.
describe("load generator wire readers", () => {
  it("reads the PCM length of an append and of an outbound AudioData frame, for every padding", () => {
    for (const samples of [480, 479, 1, 0]) {
      const base64 = pcm16ToBase64(new Int16Array(samples).fill(1234));
      expect(appendedAudioBytes(Buffer.from(encodeAudioAppend(base64)))).toBe(samples * 2);
      expect(outboundAudioBytes(Buffer.from(encodeAcsAudioData(base64)))).toBe(samples * 2);
    }
    for (const bytes of [1, 2, 3]) {
      const base64 = Buffer.alloc(bytes).toString("base64");
      expect(outboundAudioBytes(Buffer.from(encodeAcsAudioData(base64)))).toBe(bytes);
    }
  });

  it("tells StopAudio and other messages apart from audio", () => {
    expect(outboundAudioBytes(Buffer.from(encodeAcsStopAudio()))).toBe(-2);
    expect(outboundAudioBytes(Buffer.from('{"kind":"something"}'))).toBe(-1);
    expect(appendedAudioBytes(Buffer.from('{"type":"session.update","session":{}}'))).toBe(-1);
  });

  it("prepares Voice Live events that the product's parser accepts", () => {
    expect(() => checkWireTexts()).not.toThrow();
  });

  it("answers the worker's own session.update as the service does, so the worker takes the session", () => {
    for (const [acsAudioFormat, modelSampleRateHz] of [
      ["pcm24KMono", 24000],
      ["pcm16KMono", 16000],
      ["pcm16KMono", 24000],
    ] as const) {
      const sent = buildSessionConfig({
        systemPrompt: "Be brief.",
        voiceName: "en-US-Ava:DragonHDLatestNeural",
        acsAudioFormat,
        modelSampleRateHz,
      });
      const answer = parseServerEvent(
        sessionUpdatedText("sess_1", JSON.stringify({ type: "session.update", session: sent })),
      );
      if (answer.type !== "session.updated") throw new Error(`not a session.updated: ${answer.type}`);
      const acceptance = checkAcceptance(sent, answer.session);
      expect(acceptance.unusable).toBeUndefined();
      expect(acceptance.differences).toEqual([]);
    }
  });
});
