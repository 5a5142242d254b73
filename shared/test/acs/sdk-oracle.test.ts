// The official JS SDK's parser as an independent oracle: for every captured inbound message our
// decoder must agree with `StreamingData.parse`, field by field, under the SDK's own names
// (isSilent, participant as an identifier, offsetInTicks, resultState...).
import type { AcsInboundMessage } from "@acs-voice/shared";
import { decodeAcsMessage } from "@acs-voice/shared";
import {
  type AudioData,
  type AudioMetadata,
  type DtmfData,
  StreamingData,
  type TranscriptionData,
  type TranscriptionMetadata,
} from "@azure/communication-call-automation";
// A dependency of the SDK above, pinned by the lockfile; used only to map raw ids the way the SDK does.
import { createIdentifierFromRawId } from "@azure/communication-common";
import { describe, expect, it } from "vitest";
import { readFixtureText } from "../fixtures.js";
import { inboundFixtures } from "./inbound-fixtures.js";

describe("decodeAcsMessage agrees with StreamingData.parse from @azure/communication-call-automation", () => {
  it.each(inboundFixtures())("$name", ({ text }) => {
    const ours = decodeAcsMessage(text);
    const sdk = StreamingData.parse(text);
    expect(StreamingData.getStreamingKind()).toBe(ours.kind);
    expect(asSdkWouldSee(ours)).toStrictEqual(sdk);
  });

  // The captures are all non-silent, 16 kHz, with a participant: vary what they leave untested.
  it.each(derivedVariants())("$name", ({ text }) => {
    expect(asSdkWouldSee(decodeAcsMessage(text))).toStrictEqual(StreamingData.parse(text));
  });

  it("shows the SDK is case-sensitive where we are not, so PascalCase is our tolerance, not its", () => {
    const pascal = '{"Kind":"DtmfData","DtmfData":{"Data":"5"}}';
    expect(() => StreamingData.parse(pascal)).toThrow();
    expect(decodeAcsMessage(pascal)).toEqual({ kind: "DtmfData", data: "5" });
  });
});

function derivedVariants(): Array<{ name: string; text: string }> {
  const audio = JSON.parse(readFixtureText("acs", "ws-audiodata.sdk-test.json"));
  const metadata = JSON.parse(readFixtureText("acs", "ws-audiometadata.sdk-test.json"));
  const { participantRawID: _participant, timestamp: _timestamp, ...bare } = audio.audioData;
  return [
    {
      name: "AudioData flagged silent",
      text: JSON.stringify({ ...audio, audioData: { ...audio.audioData, silent: true } }),
    },
    { name: "AudioData with only data and silent", text: JSON.stringify({ ...audio, audioData: bare }) },
    {
      name: "AudioMetadata at 24 kHz",
      text: JSON.stringify({
        ...metadata,
        audioMetadata: { ...metadata.audioMetadata, sampleRate: 24000, length: 960 },
      }),
    },
    { name: "DtmfData star", text: '{"kind":"DtmfData","dtmfData":{"data":"*"}}' },
  ];
}

/** Our decoded value renamed and reshaped to the SDK's result types. */
function asSdkWouldSee(message: AcsInboundMessage): unknown {
  switch (message.kind) {
    case "AudioMetadata":
      // The SDK drops `length`; everything else maps one to one.
      return {
        subscriptionId: message.subscriptionId,
        encoding: message.encoding,
        sampleRate: message.sampleRate,
        channels: message.channels,
      } satisfies AudioMetadata;
    case "AudioData":
      return {
        data: message.data,
        // The SDK types this as a Date but passes the wire string through unchanged.
        timestamp: message.timestamp as unknown as Date,
        isSilent: message.isSilent,
        participant:
          message.participantRawId === undefined
            ? undefined
            : createIdentifierFromRawId(message.participantRawId),
      } satisfies AudioData;
    case "DtmfData":
      return { data: message.data } satisfies DtmfData;
    case "TranscriptionMetadata":
      return {
        subscriptionId: message.subscriptionId,
        locale: message.locale,
        callConnectionId: message.callConnectionId,
        correlationId: message.correlationId,
        speechRecognitionModelEndpointId: message.speechRecognitionModelEndpointId as string,
      } satisfies TranscriptionMetadata;
    case "TranscriptionData":
      return {
        text: message.text,
        format: message.format,
        confidence: message.confidence,
        offsetInTicks: message.offsetTicks,
        durationInTicks: message.durationTicks,
        words: message.words.map((word) => ({
          text: word.text,
          offsetInTicks: word.offsetTicks,
          durationInTicks: word.durationTicks,
        })),
        participant: createIdentifierFromRawId(message.participantRawId as string),
        resultState: message.resultStatus as TranscriptionData["resultState"],
      } satisfies TranscriptionData;
    default:
      throw new Error(`the fixture decoded to ${message.kind}`);
  }
}
