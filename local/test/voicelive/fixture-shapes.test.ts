// Fidelity for the event kinds the live recordings do not contain (truncation, item retrieval and
// deletion, buffer clearing, errors): the keys (recursively, same casing) and JSON types of the
// documented or captured payload of that kind in fixtures/voicelive. Every kind the recordings do
// contain is held to the recordings instead (recorded-fidelity.test.ts), which win over the docs.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFixtures, readFixtureJson } from "../../../shared/test/fixtures.js";
import { compareWithVariants } from "../../../shared/test/key-shape.js";
import { prepareSpeechSynthesis } from "../../src/tts/index.js";
import { startVoiceLiveEmulator, type VoiceLiveEmulator } from "../../src/voicelive/index.js";
import { RawClient, utteranceThenSilence, type WireEvent } from "./helpers.js";

/** event_id: the real service stamps every event (real capture server-error-real-agent-missing-params). */
const DOCUMENTED_EXTRAS = new Set(["event_id"]);

/** Kinds that occur in the live recordings: compared there, strictly. */
const RECORDED_KINDS = new Set(
  listFixtures("voicelive/real").flatMap((name) =>
    readFixtureJson<{ messages: { direction: string; data: { type: string } }[] }>("voicelive/real", name)
      .messages.filter((m) => m.direction === "received")
      .map((m) => m.data.type),
  ),
);

const FIXTURES = "voicelive";

function fixturesOfType(type: string): unknown[] {
  return listFixtures(FIXTURES)
    .filter((name) => name === `server-${type}.json` || name.startsWith(`server-${type}-`))
    .map((name) => readFixtureJson(FIXTURES, name));
}

/**
 * Types without a payload fixture, shaped from the documented field lists (research §3/§4) and the
 * fixture of their sibling event.
 */
function documentedShape(type: string): unknown[] {
  const one = (name: string) => readFixtureJson<Record<string, unknown>>(FIXTURES, name);
  switch (type) {
    case "response.content_part.done":
      return [{ ...one("server-response.content_part.added.json"), type }];
    case "response.text.done": {
      const { delta: _delta, ...rest } = one("server-response.text.delta.json");
      return [{ ...rest, type, text: "Hello! I'm" }];
    }
    case "conversation.item.deleted":
      return [{ type, item_id: "item_DEF456" }];
    case "conversation.item.retrieved":
      return [{ type, item: one("server-conversation.item.created.json").item }];
    default:
      return [];
  }
}

const scenario = {
  greeting: "Hello there.",
  turns: [
    {
      caller: "Please end the call.",
      reply: "Sure, goodbye.",
      functionCall: { name: "end_call", arguments: { reason: "caller asked" } },
      replyAfterFunction: "Done.",
    },
  ],
};

let emulator: VoiceLiveEmulator;
const events: WireEvent[] = [];

beforeAll(async () => {
  await prepareSpeechSynthesis();
  emulator = await startVoiceLiveEmulator({ scenario, audioSpeed: 50, responseLatencyMs: 0 });

  // Audio session: greeting, a caller turn with a function call, its output, truncation, items.
  const audio = await RawClient.connect(`${emulator.realtimeUrl}?api-version=2025-10-01&model=gpt-realtime`, {
    "api-key": emulator.apiKey,
  });
  await audio.waitFor("session.created");
  audio.send({
    type: "session.update",
    session: {
      input_audio_transcription: { model: "gpt-4o-transcribe" },
      turn_detection: { type: "server_vad" },
      tools: [
        {
          type: "function",
          name: "end_call",
          description: "Hang up",
          parameters: { type: "object", properties: {} },
        },
      ],
    },
  });
  await audio.waitFor("session.updated");
  audio.send({ type: "response.create" });
  await audio.waitFor("response.done");
  audio.sendAudio(utteranceThenSilence(scenario.turns[0]?.caller ?? "", 24000), 24000);
  const call = await audio.waitFor("response.function_call_arguments.done");
  await audio.waitFor("response.done", (e) => e !== audio.ofType("response.done")[0]);
  audio.send({
    type: "conversation.item.create",
    item: { type: "function_call_output", call_id: call.call_id, output: '{"ok":true}' },
  });
  audio.send({ type: "response.create" });
  await audio.waitFor("response.done", () => audio.ofType("response.done").length === 3);
  const greetingItem = audio.ofType("response.output_item.done")[0]?.item as { id: string };
  audio.send({
    type: "conversation.item.truncate",
    item_id: greetingItem.id,
    content_index: 0,
    audio_end_ms: 300,
  });
  await audio.waitFor("conversation.item.truncated");
  audio.send({
    type: "conversation.item.truncate",
    item_id: greetingItem.id,
    content_index: 0,
    audio_end_ms: 900_000,
  });
  await audio.waitFor("error");
  audio.send({
    type: "conversation.item.create",
    previous_item_id: greetingItem.id,
    item: {
      id: "item_user_text",
      type: "message",
      role: "user",
      content: [{ type: "input_text", text: "Hello, how are you?" }],
    },
  });
  await audio.waitFor("conversation.item.created", (e) => (e.item as { id: string }).id === "item_user_text");
  audio.send({ type: "conversation.item.retrieve", item_id: "item_user_text" });
  await audio.waitFor("conversation.item.retrieved");
  audio.send({ type: "conversation.item.delete", item_id: "item_user_text" });
  await audio.waitFor("conversation.item.deleted");
  audio.send({ type: "input_audio_buffer.clear" });
  await audio.waitFor("input_audio_buffer.cleared");
  events.push(...audio.events);
  audio.close();

  // Text-only session: the text variants of the content events.
  const text = await RawClient.connect(`${emulator.realtimeUrl}?api-version=2026-04-10&model=gpt-realtime`, {
    "api-key": emulator.apiKey,
  });
  await text.waitFor("session.created");
  text.send({ type: "session.update", session: { modalities: ["text"] } });
  await text.waitFor("session.updated");
  text.send({ type: "response.create" });
  await text.waitFor("response.done");
  events.push(...text.events);
  text.close();
});

afterAll(async () => {
  await emulator?.close();
});

describe("server events match the captured payloads", () => {
  it("covers the event types of a whole conversation", () => {
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      "session.created",
      "session.updated",
      "input_audio_buffer.speech_started",
      "input_audio_buffer.speech_stopped",
      "input_audio_buffer.committed",
      "input_audio_buffer.cleared",
      "conversation.item.created",
      "conversation.item.input_audio_transcription.delta",
      "conversation.item.input_audio_transcription.completed",
      "conversation.item.truncated",
      "conversation.item.deleted",
      "conversation.item.retrieved",
      "response.created",
      "response.output_item.added",
      "response.output_item.done",
      "response.content_part.added",
      "response.content_part.done",
      "response.audio.delta",
      "response.audio.done",
      "response.audio_transcript.delta",
      "response.audio_transcript.done",
      "response.text.delta",
      "response.text.done",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.done",
      "response.done",
      "error",
    ]) {
      expect(types, type).toContain(type);
    }
  });

  it("every event of a kind the recordings lack has the keys and types of its documented payload", () => {
    const problems: string[] = [];
    const compared = new Set<string>();
    for (const event of events) {
      if (RECORDED_KINDS.has(event.type)) continue;
      // session.updated carries the full effective configuration (research §4), so it is compared
      // with the session.created payloads; the doc's session.updated example shows only a partial one.
      const fixtureType = event.type === "session.updated" ? "session.created" : event.type;
      const variants = [...fixturesOfType(fixtureType), ...documentedShape(event.type)].map((v) =>
        event.type === "session.updated" ? { ...(v as object), type: "session.updated" } : v,
      );
      if (variants.length === 0) {
        problems.push(`${event.type}: no fixture or documented shape to compare with`);
        continue;
      }
      compared.add(event.type);
      for (const m of compareWithVariants(variants, event, DOCUMENTED_EXTRAS)) {
        problems.push(`${event.type} ${m.path}: ${m.problem}`);
      }
    }
    expect([...new Set(problems)]).toEqual([]);
    expect([...compared].sort()).toEqual([
      "conversation.item.deleted",
      "conversation.item.retrieved",
      "conversation.item.truncated",
      "error",
      "input_audio_buffer.cleared",
    ]);
  });

  it("the error event is shaped exactly like the real capture", () => {
    const error = events.find((e) => e.type === "error");
    if (!error) throw new Error("no error event was sent");
    const real = readFixtureJson<Record<string, Record<string, unknown>>>(
      FIXTURES,
      "server-error-real-agent-missing-params.json",
    );
    const detail = error.error as Record<string, unknown>;
    expect(Object.keys(error).sort()).toEqual(Object.keys(real).sort());
    expect(Object.keys(detail).sort()).toEqual(Object.keys(real.error ?? {}).sort());
    expect(detail.type).toBe("invalid_request_error");
  });
});
