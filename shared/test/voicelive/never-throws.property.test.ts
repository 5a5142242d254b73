// Whatever arrives on the socket, the parsers return a value: random text, random JSON, truncated and
// mutated real payloads. And an invalid value's reason never carries the payload's content.
import { parseClientEvent, parseServerEvent } from "@acs-voice/shared";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listFixtures, readFixtureText } from "../fixtures.js";

const MARKER = "ZQXMARKERQXZ";
const fixtureTexts = listFixtures("voicelive").map((name) => readFixtureText("voicelive", name).trimEnd());
const parsers = [parseServerEvent, parseClientEvent];

function expectWellFormedOutcome(result: { type: string; reason?: unknown; originalType?: unknown }): void {
  expect(typeof result.type).toBe("string");
  if (result.type === "invalid") {
    expect(typeof result.reason).toBe("string");
    expect(result.reason).not.toContain(MARKER);
  }
  if (result.type === "unknown") expect(typeof result.originalType).toBe("string");
}

/** Replaces a random value somewhere in a JSON tree with another random value. */
function mutate(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || typeof value !== "object" || value === null) return replacement;
  const [step = 0, ...rest] = path;
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement;
    const at = step % value.length;
    return value.map((item, i) => (i === at ? mutate(item, rest, replacement) : item));
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[step % keys.length] as string;
  // Keep the event kind most of the time so the schemas, not the envelope check, see the damage.
  if (key === "type" && rest.length === 0 && step % 3 !== 0) return value;
  return { ...value, [key]: mutate((value as Record<string, unknown>)[key], rest, replacement) };
}

const markerish = fc.oneof(
  fc.constant(MARKER),
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant({ [MARKER]: MARKER }),
  fc.constant([MARKER]),
  fc.constant(""),
  fc.constant(-1),
);

describe("parsers never throw", () => {
  it("on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        for (const parse of parsers) expectWellFormedOutcome(parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it("on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        for (const parse of parsers) expectWellFormedOutcome(parse(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it("on arbitrary JSON, with and without a known event type", () => {
    const knownTypes = fixtureTexts.map((text) => (JSON.parse(text) as { type?: string }).type ?? "none");
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(...knownTypes), fc.boolean(), (value, type, withType) => {
        const payload =
          withType && typeof value === "object" && value !== null && !Array.isArray(value)
            ? { ...value, type }
            : value;
        const text = JSON.stringify(payload) ?? "null";
        for (const parse of parsers) expectWellFormedOutcome(parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it("on every prefix of every fixture", () => {
    for (const text of fixtureTexts) {
      for (let length = 0; length < text.length; length++) {
        const prefix = text.slice(0, length);
        for (const parse of parsers) {
          const result = parse(prefix);
          expectWellFormedOutcome(result);
          // A cut-off frame is never mistaken for a complete event.
          expect(result.type).toBe("invalid");
        }
      }
    }
  });

  it("on real payloads with one value replaced anywhere in the tree", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtureTexts),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        markerish,
        (text, path, replacement) => {
          const damaged = JSON.stringify(mutate(JSON.parse(text), path, replacement));
          for (const parse of parsers) expectWellFormedOutcome(parse(damaged));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
