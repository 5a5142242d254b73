// Golden tests for what the worker sends ACS. The shape chosen (PascalCase, as the MS Learn Python
// quickstart and the .NET SDK send it) and why are in shared/src/acs/encode-media-message.ts; these
// tests pin it byte for byte and record how it differs from the JS SDK 1.6.0 helpers.
import { decodeAcsOutboundMessage, encodeAcsAudioData, encodeAcsStopAudio } from "@acs-voice/shared";
import { createOutboundAudioData, createOutboundStopAudioData } from "@azure/communication-call-automation";
import { describe, expect, it } from "vitest";
import { readFixtureJson, readFixtureText } from "../fixtures.js";

/** The payload the SDK fixture was captured with: 20 ms of silence at 16 kHz. */
const silence640Bytes = Buffer.alloc(640).toString("base64");

describe("encodeAcsAudioData", () => {
  it("writes exactly the documented PascalCase frame", () => {
    expect(encodeAcsAudioData("AAAA")).toBe(
      '{"Kind":"AudioData","AudioData":{"Data":"AAAA"},"StopAudio":null}',
    );
  });

  it("is the MS Learn Python quickstart's message with the audio in Data", () => {
    const documented = readFixtureJson<{ AudioData: { Data: string } }>(
      "acs",
      "ws-outbound-audiodata.learn-docs-python.json",
    );
    documented.AudioData.Data = silence640Bytes;
    expect(encodeAcsAudioData(silence640Bytes)).toBe(JSON.stringify(documented));
  });

  it("keeps the frame valid JSON whatever text it is given", () => {
    const odd = 'a"b\\c\n</script>';
    expect(JSON.parse(encodeAcsAudioData(odd)).AudioData.Data).toBe(odd);
  });
});

describe("encodeAcsStopAudio", () => {
  it("is the MS Learn Python quickstart's StopAudio message, byte for byte", () => {
    const documented = readFixtureJson("acs", "ws-outbound-stopaudio.learn-docs-python.json");
    expect(encodeAcsStopAudio()).toBe('{"Kind":"StopAudio","AudioData":null,"StopAudio":{}}');
    expect(encodeAcsStopAudio()).toBe(JSON.stringify(documented));
  });
});

describe("the JS SDK 1.6.0 helpers, the other official shape we chose not to send", () => {
  it("still produce what the fixtures captured (so the comparison below is about the current SDK)", () => {
    expect(createOutboundAudioData(silence640Bytes)).toBe(
      readFixtureText("acs", "ws-outbound-audiodata.sdk-js-1.6.0-output.json").trim(),
    );
    expect(createOutboundStopAudioData()).toBe(
      readFixtureText("acs", "ws-outbound-stopaudio.sdk-js-1.6.0-output.json").trim(),
    );
  });

  it("differ from ours in name case, in the kind value's case, and in a stopAudio object inside audio frames", () => {
    const sdk = JSON.parse(createOutboundAudioData(silence640Bytes));
    const ours = JSON.parse(encodeAcsAudioData(silence640Bytes));
    expect(sdk).toEqual({
      kind: "audioData",
      audioData: { data: silence640Bytes, isSilent: false },
      stopAudio: {},
    });
    expect(ours).toEqual({ Kind: "AudioData", AudioData: { Data: silence640Bytes }, StopAudio: null });
    expect(JSON.parse(createOutboundStopAudioData())).toEqual({ kind: "stopAudio", stopAudio: {} });
  });

  it("carry the same meaning as ours when read the way ACS must read both", () => {
    expect(decodeAcsOutboundMessage(createOutboundAudioData(silence640Bytes))).toEqual(
      decodeAcsOutboundMessage(encodeAcsAudioData(silence640Bytes)),
    );
    expect(decodeAcsOutboundMessage(encodeAcsAudioData(silence640Bytes))).toEqual({
      kind: "AudioData",
      data: silence640Bytes,
    });
    expect(decodeAcsOutboundMessage(createOutboundStopAudioData())).toEqual({ kind: "StopAudio" });
    expect(decodeAcsOutboundMessage(encodeAcsStopAudio())).toEqual({ kind: "StopAudio" });
  });
});
