// What a stand-in for ACS (the local media client) reads from the worker: every official outbound
// shape must mean the same thing.
import { decodeAcsOutboundMessage } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { listFixtures, readFixtureText } from "../fixtures.js";

const outboundFixtures = listFixtures("acs").filter((name) => name.startsWith("ws-outbound-"));

describe("decodeAcsOutboundMessage", () => {
  it("finds both official shapes of both messages among the fixtures", () => {
    expect(outboundFixtures).toHaveLength(4);
  });

  it.each(outboundFixtures)("reads %s as the message its name says", (name) => {
    const decoded = decodeAcsOutboundMessage(readFixtureText("acs", name));
    expect(decoded.kind).toBe(name.startsWith("ws-outbound-audiodata") ? "AudioData" : "StopAudio");
  });

  it("reads the seed's documented pair too", () => {
    const pair = JSON.parse(readFixtureText("seed", "acs-media-outbound-docs.json")) as unknown[];
    expect(pair.map((message) => decodeAcsOutboundMessage(JSON.stringify(message)).kind)).toEqual([
      "AudioData",
      "StopAudio",
    ]);
  });

  it("decides by kind, not by which bodies are present", () => {
    const audioWithStop = '{"kind":"audioData","audioData":{"data":"AAAA"},"stopAudio":{}}';
    expect(decodeAcsOutboundMessage(audioWithStop)).toEqual({ kind: "AudioData", data: "AAAA" });
  });

  it("returns bad frames and unknown kinds as values", () => {
    expect(decodeAcsOutboundMessage("{")).toEqual({ kind: "Invalid", reason: "frame is not valid JSON" });
    expect(decodeAcsOutboundMessage('{"Kind":"AudioData"}')).toEqual({
      kind: "Invalid",
      reason: "AudioData body is missing",
    });
    expect(decodeAcsOutboundMessage('{"Kind":"AudioData","AudioData":{"Data":1}}')).toEqual({
      kind: "Invalid",
      reason: "AudioData.data is missing or not a string",
    });
    expect(decodeAcsOutboundMessage('{"Kind":"Mark"}')).toEqual({ kind: "Unknown", rawKind: "Mark" });
  });
});
