import { type AcsInboundMessage, decodeAcsMessage } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { readFixtureText } from "../fixtures.js";
import { inboundFixtures } from "./inbound-fixtures.js";

const fixtures = inboundFixtures();

describe("decodeAcsMessage on the captured inbound messages", () => {
  it("finds fixtures of every inbound kind", () => {
    expect(new Set(fixtures.map((f) => f.expectedKind))).toEqual(
      new Set(["AudioMetadata", "AudioData", "DtmfData", "TranscriptionMetadata", "TranscriptionData"]),
    );
  });

  it.each(fixtures)("$name decodes to $expectedKind", ({ text, expectedKind }) => {
    expect(decodeAcsMessage(text).kind).toBe(expectedKind);
  });

  it.each(fixtures)("$name decodes the same from the bytes ws hands over", ({ text }) => {
    expect(decodeAcsMessage(Buffer.from(text, "utf8"))).toEqual(decodeAcsMessage(text));
    expect(decodeAcsMessage(new TextEncoder().encode(text))).toEqual(decodeAcsMessage(text));
  });

  it("reads every AudioData field, renaming participantRawID and silent", () => {
    expect(decodeAcsMessage(readFixtureText("acs", "ws-audiodata.sdk-test.json"))).toEqual({
      kind: "AudioData",
      data: "test",
      timestamp: "2024-05-30T06:25:02.948Z",
      participantRawId: "28:6b45c5b6-1c34-47c0-8980-11e98d47d23f",
      isSilent: false,
    });
  });

  it("keeps the frame length the JS SDK drops from AudioMetadata", () => {
    expect(decodeAcsMessage(readFixtureText("acs", "ws-audiometadata.learn-docs.json"))).toEqual({
      kind: "AudioMetadata",
      subscriptionId: "89e8cb59-b991-48b0-b154-1db84f16a077",
      encoding: "PCM",
      sampleRate: 16000,
      channels: 1,
      length: 640,
    });
  });

  it("reads the transcription words and sentiment", () => {
    const decoded = decodeAcsMessage(readFixtureText("acs", "ws-transcriptiondata.sdk-test.json"));
    expect(decoded).toMatchObject({
      kind: "TranscriptionData",
      text: "Hello everyone.",
      words: [
        { text: "hello", offsetTicks: 212483227, durationTicks: 2800000 },
        { text: "everyone", offsetTicks: 215283227, durationTicks: 6800000 },
      ],
      resultStatus: "Final",
      sentiment: "neutral",
      languageIdentified: "en-US",
    });
  });
});

describe("decodeAcsMessage on frames it cannot use", () => {
  const secret = "4:+14255550123";

  const cases: Array<[string, string | Uint8Array, AcsInboundMessage]> = [
    ["not JSON", `{"kind":"AudioData","audioData":{"data":"${secret}"`, invalid("frame is not valid JSON")],
    ["malformed UTF-8", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), invalid("frame is not valid UTF-8")],
    ["a JSON array", `["${secret}"]`, invalid("frame is not a JSON object")],
    ["JSON null", "null", invalid("frame is not a JSON object")],
    ["an object without kind", `{"audioData":{"data":"${secret}"}}`, invalid("kind is missing")],
    ["a numeric kind", '{"kind":7}', invalid("kind is not a string")],
    ["AudioData without its body", '{"kind":"AudioData"}', invalid("AudioData body is missing")],
    [
      "AudioData whose data is not a string",
      `{"kind":"AudioData","audioData":{"data":123,"participantRawID":"${secret}"}}`,
      invalid("AudioData.data is missing or not a string"),
    ],
    [
      "AudioMetadata with a textual sample rate",
      '{"kind":"AudioMetadata","audioMetadata":{"subscriptionId":"s","encoding":"PCM","sampleRate":"16000","channels":1}}',
      invalid("AudioMetadata.sampleRate is missing or not a number"),
    ],
    [
      "DtmfData with an array body",
      '{"kind":"DtmfData","dtmfData":["1"]}',
      invalid("DtmfData body is missing"),
    ],
    [
      "TranscriptionData with a broken word",
      `{"kind":"TranscriptionData","transcriptionData":{"text":"t","format":"display","confidence":1,"offset":0,"duration":1,"words":[{"text":"${secret}"}],"resultStatus":"Final"}}`,
      invalid("TranscriptionData.words[].offset is missing or not a number"),
    ],
  ];

  it.each(cases)("%s is Invalid with a fixed reason", (_label, frame, expected) => {
    const decoded = decodeAcsMessage(frame);
    expect(decoded).toEqual(expected);
    expect(JSON.stringify(decoded)).not.toContain(secret);
  });

  it("returns kinds it does not know as Unknown, cut to a bounded length", () => {
    expect(decodeAcsMessage('{"kind":"MarkData","markData":{}}')).toEqual({
      kind: "Unknown",
      rawKind: "MarkData",
    });
    const long = decodeAcsMessage(JSON.stringify({ kind: "K".repeat(10_000) }));
    expect(long).toEqual({ kind: "Unknown", rawKind: "K".repeat(64) });
  });

  it("keeps the audio of a frame whose optional fields have unexpected types", () => {
    const frame =
      '{"kind":"AudioData","audioData":{"data":"AAAA","timestamp":5,"participantRawID":null,"silent":"yes"}}';
    expect(decodeAcsMessage(frame)).toEqual({
      kind: "AudioData",
      data: "AAAA",
      timestamp: undefined,
      participantRawId: undefined,
      isSilent: false,
    });
  });

  it("treats a missing silent flag as not silent and reads isSilent as an alias", () => {
    const without = decodeAcsMessage('{"kind":"AudioData","audioData":{"data":"AAAA"}}');
    const aliased = decodeAcsMessage('{"kind":"AudioData","audioData":{"data":"AAAA","isSilent":true}}');
    expect(without).toMatchObject({ kind: "AudioData", isSilent: false, timestamp: undefined });
    expect(aliased).toMatchObject({ kind: "AudioData", isSilent: true });
  });
});

function invalid(reason: string): AcsInboundMessage {
  return { kind: "Invalid", reason };
}
