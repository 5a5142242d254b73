import { acsSampleRateHz, parseAcsAudioFormat } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { readFixtureJson } from "../fixtures.js";

describe("parseAcsAudioFormat", () => {
  it("returns the canonical spelling whatever the case", () => {
    expect(parseAcsAudioFormat("pcm16KMono")).toBe("pcm16KMono");
    expect(parseAcsAudioFormat("PCM16KMONO")).toBe("pcm16KMono");
    expect(parseAcsAudioFormat("Pcm24KMono")).toBe("pcm24KMono");
    expect(parseAcsAudioFormat(" pcm24kmono\n")).toBe("pcm24KMono");
  });

  it("accepts the spelling the REST spec example sends in answerCall", () => {
    const example = readFixtureJson<{
      parameters: { answerCallRequest: { mediaStreamingOptions: { audioFormat: string } } };
    }>("acs", "rest-answercall.rest-api-specs-2025-05-15.json");
    const spelled = example.parameters.answerCallRequest.mediaStreamingOptions.audioFormat;
    expect(parseAcsAudioFormat(spelled)).toBe(spelled);
  });

  it("rejects anything else as undefined", () => {
    for (const value of [undefined, "", "pcm8KMono", "pcm16K", "pcm16KStereo", "16000"]) {
      expect(parseAcsAudioFormat(value)).toBeUndefined();
    }
  });
});

describe("acsSampleRateHz", () => {
  it("maps each format to its rate", () => {
    expect(acsSampleRateHz("pcm16KMono")).toBe(16000);
    expect(acsSampleRateHz("pcm24KMono")).toBe(24000);
  });
});
