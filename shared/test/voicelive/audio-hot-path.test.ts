// The two 50-per-second paths: response.audio.delta in (type guard instead of schema) and
// input_audio_buffer.append out (string concatenation instead of JSON.stringify). Both must give
// exactly what the careful path gives.
import { encodeAudioAppend, encodeClientEvent, parseClientEvent, parseServerEvent } from "@acs-voice/shared";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { serverEventSchemas } from "../../src/voicelive/schemas/server-events.js";
import { readFixtureText } from "../fixtures.js";

const schemaPath = serverEventSchemas["response.audio.delta"];

const audioDelta = fc.record(
  {
    type: fc.constant("response.audio.delta"),
    event_id: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
    response_id: fc.string({ minLength: 1 }),
    item_id: fc.string({ minLength: 1 }),
    output_index: fc.nat(),
    content_index: fc.nat(),
    delta: fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes).toString("base64")),
  },
  { requiredKeys: ["type", "response_id", "item_id", "output_index", "content_index", "delta"] },
);

describe("response.audio.delta fast path", () => {
  it("returns what the schema path returns for a valid delta", () => {
    fc.assert(
      fc.property(audioDelta, fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }), (delta, extra) => {
        const text = JSON.stringify({ ...extra, ...delta });
        const fast = parseServerEvent(text);
        expect(fast.type).toBe("response.audio.delta");
        expect(fast).toEqual(schemaPath.parse(JSON.parse(text)));
      }),
      { numRuns: 300 },
    );
  });

  it("agrees with the schema on the documented example", () => {
    const text = readFixtureText("voicelive", "server-response.audio.delta.json");
    expect(parseServerEvent(text)).toEqual(schemaPath.parse(JSON.parse(text)));
  });

  it("returns the same value as the schema when the payload carries a __proto__ key", () => {
    const text =
      '{"type":"response.audio.delta","response_id":"r","item_id":"i","output_index":0,"content_index":0,"delta":"AA==","__proto__":{"x":1}}';
    const event = parseServerEvent(text);
    expect(event).toEqual(schemaPath.parse(JSON.parse(text)));
    expect(Object.hasOwn(event, "__proto__")).toBe(false);
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
  });

  it("hands a delta that fails the guard to the schema, which names the field", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ delta: 5 }, "response.audio.delta: delta invalid_type (expected string)"],
      [{ item_id: undefined }, "response.audio.delta: item_id invalid_type (expected string)"],
      [{ item_id: "" }, "response.audio.delta: item_id too_small"],
      [{ output_index: -1 }, "response.audio.delta: output_index too_small"],
      [{ content_index: 0.5 }, "response.audio.delta: content_index invalid_type (expected int)"],
    ];
    const valid = JSON.parse(readFixtureText("voicelive", "server-response.audio.delta.json"));
    for (const [change, reason] of cases) {
      expect(parseServerEvent(JSON.stringify({ ...valid, ...change }))).toEqual({ type: "invalid", reason });
    }
  });

  it("accepts exactly the deltas the schema accepts (guard and schema agree on damaged events)", () => {
    const field = fc.constantFrom(
      "delta",
      "item_id",
      "response_id",
      "output_index",
      "content_index",
      "event_id",
    );
    const junk = fc.oneof(
      fc.string(),
      fc.integer({ min: -3, max: 3 }),
      fc.double(),
      fc.constant(null),
      fc.boolean(),
    );
    fc.assert(
      fc.property(audioDelta, field, junk, (delta, key, value) => {
        const text = JSON.stringify({ ...delta, [key]: value });
        const parsed = parseServerEvent(text);
        const bySchema = schemaPath.safeParse(JSON.parse(text));
        expect(parsed.type === "response.audio.delta").toBe(bySchema.success);
      }),
      { numRuns: 500 },
    );
  });
});

describe("encodeAudioAppend", () => {
  it("writes the same JSON text as encodeClientEvent, which parseClientEvent reads back", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        const base64 = Buffer.from(bytes).toString("base64");
        const frame = encodeAudioAppend(base64);
        expect(frame).toBe(encodeClientEvent({ type: "input_audio_buffer.append", audio: base64 }));
        expect(parseClientEvent(frame)).toEqual({ type: "input_audio_buffer.append", audio: base64 });
      }),
      { numRuns: 300 },
    );
  });

  it("reproduces the documented append frame", () => {
    const fixture = JSON.parse(readFixtureText("voicelive", "client-input_audio_buffer.append.json"));
    expect(JSON.parse(encodeAudioAppend(fixture.audio))).toEqual(fixture);
  });
});
