// Golden tests: every client payload (Microsoft's docs and what @azure/ai-voicelive 1.1.0 put on the
// wire) parses as a typed ClientEvent and re-encodes to the same JSON.

import { readFileSync } from "node:fs";
import { type ClientEvent, encodeClientEvent, parseClientEvent } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { fixturePath, listFixtures, readFixtureJson, readFixtureText } from "../fixtures.js";

const clientFixtures = listFixtures("voicelive").filter(
  (name) => name.startsWith("client-") || name.startsWith("sdk-wire-"),
);

/**
 * The how-to page shows only the `session` object of a session.update (no event wrapper), so as a
 * frame it is invalid; wrapped in the event it documents, it must round-trip like the others.
 */
const SESSION_OBJECT_ONLY = "client-session.update-howto-session-object.json";

function roundTrip(text: string): { parsed: ReturnType<typeof parseClientEvent>; reencoded: unknown } {
  const parsed = parseClientEvent(text);
  if (parsed.type === "unknown" || parsed.type === "invalid") {
    throw new Error(`fixture did not parse: ${JSON.stringify(parsed)}`);
  }
  return { parsed, reencoded: JSON.parse(encodeClientEvent(parsed)) };
}

describe("client event fixtures", () => {
  it("include the SDK's own wire frames", () => {
    expect(clientFixtures.filter((name) => name.startsWith("sdk-wire-")).length).toBe(3);
    expect(clientFixtures.length).toBeGreaterThan(12);
  });

  it.each(clientFixtures.filter((name) => name !== SESSION_OBJECT_ONLY))(
    "%s parses and re-encodes to the same JSON",
    (name) => {
      const fixture = readFixtureJson<{ type: string }>("voicelive", name);
      const { parsed, reencoded } = roundTrip(readFixtureText("voicelive", name));
      expect(parsed.type).toBe(fixture.type);
      expect(reencoded).toEqual(fixture);
    },
  );

  it("treats the bare session object from the how-to as invalid, and its wrapped form round-trips", () => {
    const session = readFixtureJson<Record<string, unknown>>("voicelive", SESSION_OBJECT_ONLY);
    expect(parseClientEvent(JSON.stringify(session))).toEqual({
      type: "invalid",
      reason: "field type is missing or not a string",
    });
    const wrapped = { type: "session.update", session };
    const { parsed, reencoded } = roundTrip(JSON.stringify(wrapped));
    expect(reencoded).toEqual(wrapped);
    if (parsed.type !== "session.update") throw new Error("expected session.update");
    expect(parsed.session.turn_detection?.type).toBe("azure_semantic_vad");
    expect(parsed.session.input_audio_echo_cancellation?.type).toBe("server_echo_cancellation");
  });

  it("round-trips the Python sample's session.update (seed)", () => {
    const text = readFileSync(fixturePath("seed", "voicelive-session-update-python.json"), "utf8");
    const { parsed, reencoded } = roundTrip(text);
    expect(reencoded).toEqual(JSON.parse(text));
    if (parsed.type !== "session.update") throw new Error("expected session.update");
    expect(parsed.session.input_audio_noise_reduction?.type).toBe("azure_deep_noise_suppression");
  });

  it("reads the Azure options our worker sends from the SDK's session.update frame", () => {
    const { parsed } = roundTrip(readFixtureText("voicelive", "sdk-wire-session.update.json"));
    if (parsed.type !== "session.update") throw new Error("expected session.update");
    const { turn_detection: vad, voice, tools, tool_choice } = parsed.session;
    expect(vad?.type).toBe("azure_semantic_vad");
    if (vad?.type !== "azure_semantic_vad") return;
    expect(vad.auto_truncate).toBe(true);
    expect(vad.interrupt_response).toBe(true);
    expect(vad.end_of_utterance_detection).toEqual({
      model: "semantic_detection_v1",
      threshold_level: "default",
      timeout_ms: 1000,
    });
    expect(voice).toEqual({ type: "azure-standard", name: "en-US-AvaNeural", temperature: 0.8 });
    expect(tools?.[0]?.type === "function" && tools[0].name).toBe("get_weather");
    expect(tool_choice).toBe("auto");
  });
});

describe("encodeClientEvent", () => {
  it("writes the exact snake_case wire form the SDK writes for a truncate", () => {
    const event: ClientEvent = {
      type: "conversation.item.truncate",
      item_id: "item_abc",
      content_index: 0,
      audio_end_ms: 1234,
    };
    expect(encodeClientEvent(event)).toBe(
      JSON.stringify(readFixtureJson("voicelive", "sdk-wire-conversation.item.truncate.json")),
    );
  });

  it("leaves out fields that are undefined", () => {
    const event: ClientEvent = { type: "response.cancel", response_id: undefined };
    expect(encodeClientEvent(event)).toBe('{"type":"response.cancel"}');
  });

  it("sends a function result the way the SDK does", () => {
    const event: ClientEvent = {
      type: "conversation.item.create",
      event_id: "evt_1795484663599_j2kr74ylh",
      item: { type: "function_call_output", call_id: "call_1", output: JSON.stringify({ temp: 21 }) },
    };
    expect(JSON.parse(encodeClientEvent(event))).toEqual(
      readFixtureJson("voicelive", "sdk-wire-function_call_output.json"),
    );
  });
});
