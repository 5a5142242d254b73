import { pcm16ToBase64 } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { readFixtureText } from "../../../../shared/test/fixtures.js";
import { parseWorkerMessage } from "../../../src/acs/media/outbound-parser.js";

describe("parseWorkerMessage (what ACS makes of the worker's messages)", () => {
  const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
  const data = pcm16ToBase64(samples);

  it("reads the JS SDK's outbound audio (camelCase, kind audioData) from the captured fixture", () => {
    const message = parseWorkerMessage(
      readFixtureText("acs", "ws-outbound-audiodata.sdk-js-1.6.0-output.json"),
    );
    expect(message.kind).toBe("AudioData");
    if (message.kind !== "AudioData") return;
    expect(message.samples.length).toBeGreaterThan(0);
    expect(message.samples.every((sample) => sample === 0)).toBe(true);
  });

  it("reads the Python/.NET shape (PascalCase Kind, AudioData.Data, StopAudio: null)", () => {
    const fixture = JSON.parse(readFixtureText("acs", "ws-outbound-audiodata.learn-docs-python.json"));
    fixture.AudioData.Data = data;
    const message = parseWorkerMessage(JSON.stringify(fixture));
    expect(message).toEqual({ kind: "AudioData", samples });
  });

  it.each([
    ['{"kind":"AudioData","audioData":{"data":"$B64"}}'],
    ['{"kind":"audioData","audioData":{"data":"$B64","isSilent":false},"stopAudio":{}}'],
    ['{"Kind":"AudioData","AudioData":{"Data":"$B64"},"StopAudio":null}'],
    ['{"KIND":"AUDIODATA","audiodata":{"DATA":"$B64"}}'],
  ])("decodes %s", (template) => {
    expect(parseWorkerMessage(template.replace("$B64", data))).toEqual({
      kind: "AudioData",
      samples,
    });
  });

  it.each([
    readFixtureText("acs", "ws-outbound-stopaudio.sdk-js-1.6.0-output.json"),
    readFixtureText("acs", "ws-outbound-stopaudio.learn-docs-python.json"),
    '{"kind":"StopAudio"}',
  ])("recognises StopAudio in either casing: %s", (text) => {
    expect(parseWorkerMessage(text)).toEqual({ kind: "StopAudio" });
  });

  it("keeps unknown kinds as a value naming the kind", () => {
    expect(parseWorkerMessage('{"kind":"MarkAudio","mark":{}}')).toEqual({
      kind: "Unknown",
      rawKind: "MarkAudio",
    });
  });

  it.each([
    ["not json", "not-json"],
    ["[1,2]", "not-an-object"],
    ["null", "not-an-object"],
    ['{"audioData":{"data":"AAAA"}}', "missing-kind"],
    ['{"kind":""}', "missing-kind"],
    ['{"kind":"AudioData"}', "missing-audio-data"],
    ['{"kind":"AudioData","audioData":{"data":42}}', "missing-audio-data"],
    ['{"kind":"AudioData","audioData":null}', "missing-audio-data"],
    ['{"kind":"AudioData","audioData":{"data":"!!!!"}}', "audio-data-not-base64"],
    ['{"kind":"AudioData","audioData":{"data":"AAAAA"}}', "audio-data-not-base64"],
    ['{"kind":"AudioData","audioData":{"data":"AA=="}}', "audio-data-odd-length"],
  ])("flags %s as malformed (%s) without quoting it", (text, reason) => {
    expect(parseWorkerMessage(text)).toEqual({ kind: "Malformed", reason });
  });

  it("accepts an empty audio payload as zero samples", () => {
    expect(parseWorkerMessage('{"kind":"AudioData","audioData":{"data":""}}')).toEqual({
      kind: "AudioData",
      samples: new Int16Array(0),
    });
  });
});
