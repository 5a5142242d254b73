// Whatever arrives on the socket, decoding returns a value: one of the kinds, with fields of the
// promised types, and when Invalid, one of a fixed set of reasons that quote nothing from the payload.
import { type AcsInboundMessage, decodeAcsMessage, decodeAcsOutboundMessage } from "@acs-voice/shared";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listFixtures, readFixtureText } from "../fixtures.js";
import { inboundFixtures } from "./inbound-fixtures.js";

const kinds = new Set([
  "AudioMetadata",
  "AudioData",
  "DtmfData",
  "TranscriptionMetadata",
  "TranscriptionData",
  "Unknown",
  "Invalid",
]);

/** Every reason the decoder may give; built from field names, so a new one is a deliberate change. */
const knownReasons = new Set([
  "frame is not valid UTF-8",
  "frame is not valid JSON",
  "frame is not a JSON object",
  "kind is missing",
  "kind is not a string",
  ...["AudioMetadata", "AudioData", "DtmfData", "TranscriptionMetadata", "TranscriptionData"].map(
    (kind) => `${kind} body is missing`,
  ),
  "AudioData.data is missing or not a string",
  ...["subscriptionId", "encoding"].map((name) => `AudioMetadata.${name} is missing or not a string`),
  ...["sampleRate", "channels"].map((name) => `AudioMetadata.${name} is missing or not a number`),
  "DtmfData.data is missing or not a string",
  ...["subscriptionId", "locale", "callConnectionId", "correlationId"].map(
    (name) => `TranscriptionMetadata.${name} is missing or not a string`,
  ),
  ...["text", "format", "resultStatus"].map((name) => `TranscriptionData.${name} is missing or not a string`),
  ...["confidence", "offset", "duration"].map(
    (name) => `TranscriptionData.${name} is missing or not a number`,
  ),
  "TranscriptionData.words is missing or not an array",
  "TranscriptionData.words[] is not an object",
  "TranscriptionData.words[].text is missing or not a string",
  ...["offset", "duration"].map((name) => `TranscriptionData.words[].${name} is missing or not a number`),
]);

const fixtureTexts = listFixtures("acs")
  .filter((name) => name.startsWith("ws-"))
  .map((name) => readFixtureText("acs", name))
  .concat(
    ["acs-media-audiodata.json", "acs-media-audiometadata.json"].map((name) => readFixtureText("seed", name)),
  );

const truncatedFixture = fc
  .constantFrom(...fixtureTexts)
  .chain((text) => fc.nat({ max: text.length }).map((end) => text.slice(0, end)));

/** Cut at a byte, which can split a multi-byte character (the seed fixtures contain "…"). */
const truncatedFixtureBytes = fc
  .constantFrom(...fixtureTexts.map((text) => Buffer.from(text, "utf8")))
  .chain((bytes) => fc.nat({ max: bytes.length }).map((end) => bytes.subarray(0, end)));

const fieldNames = [
  "data",
  "timestamp",
  "participantRawID",
  "participantRawId",
  "silent",
  "isSilent",
  "subscriptionId",
  "encoding",
  "sampleRate",
  "channels",
  "length",
  "locale",
  "callConnectionId",
  "correlationId",
  "text",
  "format",
  "confidence",
  "offset",
  "duration",
  "words",
  "resultStatus",
  "sentimentAnalysisResult",
];
const fieldName = fc.constantFrom(...fieldNames, ...fieldNames.map(upperFirst));
const kindName = fc.constantFrom(
  "AudioMetadata",
  "AudioData",
  "DtmfData",
  "TranscriptionMetadata",
  "TranscriptionData",
  "StopAudio",
);

/** Messages that get past JSON.parse and the kind switch, with bodies of random fields and values. */
const nearlyRightMessage = fc
  .record({
    kindKey: fc.constantFrom("kind", "Kind"),
    kind: fc.oneof(kindName, kindName.map(lowerFirst), fc.string()),
    bodyKeyCase: fc.boolean(),
    body: fc.oneof(
      fc.jsonValue(),
      fc.dictionary(fieldName, fc.oneof(fc.jsonValue(), fc.array(fc.dictionary(fieldName, fc.jsonValue())))),
    ),
  })
  .map(({ kindKey, kind, bodyKeyCase, body }) => {
    const bodyKey = bodyKeyCase ? upperFirst(kind) : lowerFirst(kind);
    return JSON.stringify({ [kindKey]: kind, [bodyKey]: body });
  });

/** Real messages with a few body fields deleted or replaced: mostly decodable, often just barely not. */
const mutatedFixture = fc
  .record({
    text: fc.constantFrom(...inboundFixtures().map((fixture) => fixture.text)),
    edits: fc.array(fc.record({ field: fieldName, value: fc.option(fc.jsonValue(), { nil: undefined }) }), {
      maxLength: 3,
    }),
  })
  .map(({ text, edits }) => {
    const { kind, ...rest } = JSON.parse(text) as Record<string, Record<string, unknown>>;
    const [[bodyKey, original]] = Object.entries(rest) as [[string, Record<string, unknown>]];
    const body = { ...original };
    for (const { field, value } of edits) {
      if (value === undefined) delete body[field];
      else body[field] = value;
    }
    return JSON.stringify({ kind, [bodyKey]: body });
  });

const anyFrame: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.uint8Array({ maxLength: 512 }),
  truncatedFixture,
  truncatedFixtureBytes,
  nearlyRightMessage,
  mutatedFixture,
  nearlyRightMessage.map((text) => new TextEncoder().encode(text)),
);

describe("decodeAcsMessage on arbitrary input", () => {
  it("never throws, and returns a well-typed value of one of the kinds", () => {
    fc.assert(
      fc.property(anyFrame, (frame) => {
        expectWellTyped(decodeAcsMessage(frame));
      }),
      { numRuns: 3000 },
    );
  });

  it("decodes every truncated prefix of a real message as Invalid, except the whole message", () => {
    for (const text of fixtureTexts) {
      const whole = text.trimEnd().length;
      for (let end = 0; end < whole; end++) {
        expect(decodeAcsMessage(text.slice(0, end)).kind).toBe("Invalid");
      }
      expect(decodeAcsMessage(text).kind).not.toBe("Invalid");
    }
  });
});

describe("decodeAcsOutboundMessage on arbitrary input", () => {
  it("never throws and returns one of its kinds", () => {
    fc.assert(
      fc.property(anyFrame, (frame) => {
        const decoded = decodeAcsOutboundMessage(frame);
        expect(["AudioData", "StopAudio", "Unknown", "Invalid"]).toContain(decoded.kind);
        if (decoded.kind === "Invalid") expect(knownReasons).toContain(decoded.reason);
      }),
      { numRuns: 1000 },
    );
  });
});

function expectWellTyped(message: AcsInboundMessage): void {
  expect(kinds).toContain(message.kind);
  switch (message.kind) {
    case "AudioData":
      expect(typeof message.data).toBe("string");
      expect(typeof message.isSilent).toBe("boolean");
      expect(["string", "undefined"]).toContain(typeof message.timestamp);
      expect(["string", "undefined"]).toContain(typeof message.participantRawId);
      break;
    case "AudioMetadata":
      expect(Number.isFinite(message.sampleRate) && Number.isFinite(message.channels)).toBe(true);
      expect(typeof message.subscriptionId + typeof message.encoding).toBe("stringstring");
      break;
    case "TranscriptionData":
      for (const word of message.words) expect(typeof word.text).toBe("string");
      expect(Number.isFinite(message.offsetTicks + message.durationTicks + message.confidence)).toBe(true);
      break;
    case "Unknown":
      expect(message.rawKind.length).toBeLessThanOrEqual(64);
      break;
    case "Invalid":
      expect(knownReasons).toContain(message.reason);
      break;
  }
}

function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
