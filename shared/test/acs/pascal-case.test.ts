// The .NET serializer and the MS Learn Python sample write PascalCase property names; ACS writes
// camelCase. The decoder must not care which one it gets.
import { decodeAcsMessage } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { inboundFixtures } from "./inbound-fixtures.js";

const fixtures = inboundFixtures();

describe("decodeAcsMessage is indifferent to property-name case", () => {
  it.each(fixtures)("$name in PascalCase decodes the same as in camelCase", ({ text, expectedKind }) => {
    const pascal = JSON.stringify(renameKeys(JSON.parse(text), upperFirst));
    expect(pascal).not.toEqual(JSON.stringify(JSON.parse(text)));
    const decoded = decodeAcsMessage(pascal);
    expect(decoded.kind).toBe(expectedKind);
    expect(decoded).toStrictEqual(decodeAcsMessage(text));
  });

  it.each(fixtures)("$name with a camelCase kind value decodes the same", ({ text }) => {
    const message = JSON.parse(text);
    const camelKind = JSON.stringify({ ...message, kind: lowerFirst(message.kind) });
    expect(decodeAcsMessage(camelKind)).toStrictEqual(decodeAcsMessage(text));
  });

  it("accepts participantRawId and isSilent, the spellings other SDKs use", () => {
    const wire =
      '{"kind":"AudioData","audioData":{"data":"AAAA","participantRawID":"4:+1555","silent":true}}';
    const variants = [
      '{"kind":"AudioData","audioData":{"data":"AAAA","participantRawId":"4:+1555","isSilent":true}}',
      '{"Kind":"AudioData","AudioData":{"Data":"AAAA","ParticipantRawId":"4:+1555","IsSilent":true}}',
      '{"Kind":"AudioData","AudioData":{"Data":"AAAA","ParticipantRawID":"4:+1555","Silent":true}}',
    ];
    const expected = decodeAcsMessage(wire);
    expect(expected).toMatchObject({ participantRawId: "4:+1555", isSilent: true });
    for (const variant of variants) expect(decodeAcsMessage(variant)).toStrictEqual(expected);
  });
});

function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function renameKeys(value: unknown, rename: (name: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, rename));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [rename(key), renameKeys(item, rename)]),
  );
}
