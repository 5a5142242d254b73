// Oracle: whole Voice Live sessions recorded live against the real service (fixtures/voicelive/real,
// kind "recorded"). What the service really sent decides what the parser must accept: explicit nulls,
// extra fields, event kinds the docs do not list. Nothing here is stripped or rewritten first.
import { parseServerEvent, type ServerEvent } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { listFixtures, readFixtureJson } from "../fixtures.js";

interface RecordedMessage {
  direction: "received" | "sent";
  data: { type: string; [key: string]: unknown };
}

const recordings = listFixtures("voicelive/real").map((name) => ({
  name,
  messages: readFixtureJson<{ messages: RecordedMessage[] }>("voicelive/real", name).messages,
}));

const received = recordings.flatMap(({ name, messages }) =>
  messages
    .map((message, index) => ({ name, index, message }))
    .filter(({ message }) => message.direction === "received"),
);

function parsedOfType<T extends ServerEvent["type"]>(type: T): Extract<ServerEvent, { type: T }>[] {
  return received
    .filter(({ message }) => message.data.type === type)
    .map(
      ({ message }) => parseServerEvent(JSON.stringify(message.data)) as Extract<ServerEvent, { type: T }>,
    );
}

describe("real Voice Live recordings (oracle: the live service)", () => {
  it("are present, and hold the kinds the worker depends on", () => {
    expect(recordings.length).toBeGreaterThanOrEqual(2);
    const kinds = new Set(received.map(({ message }) => message.data.type));
    for (const kind of ["session.created", "session.updated", "response.created", "response.done"]) {
      expect(kinds).toContain(kind);
    }
  });

  it("every received message parses to a known event of its own kind", () => {
    const failures = received.flatMap(({ name, index, message }) => {
      const event = parseServerEvent(JSON.stringify(message.data));
      return event.type === message.data.type
        ? []
        : [`${name}#${index} ${message.data.type}: ${event.type} ${"reason" in event ? event.reason : ""}`];
    });
    expect(failures).toEqual([]);
  });

  it("really contains explicit nulls where the parser now reads 'absent'", () => {
    const created = received.find(({ message }) => message.data.type === "response.created");
    expect(created?.message.data).toMatchObject({ response: { usage: null, temperature: null } });
  });

  it("session.created and session.updated give the fields the worker reads", () => {
    for (const event of [...parsedOfType("session.created"), ...parsedOfType("session.updated")]) {
      expect(event.session.id).toMatch(/^sess_/);
      expect(typeof event.session.expires_at).toBe("number");
      expect(typeof event.session.input_audio_sampling_rate).toBe("number");
      expect(event.session.voice).toBeDefined();
      // null in the recording: read as absent, never as a value.
      expect(
        event.session.output_audio_format === undefined ||
          typeof event.session.output_audio_format === "string",
      ).toBe(true);
      if (event.session.turn_detection) {
        expect(event.session.turn_detection.type).toMatch(/vad/);
        const speechMs = event.session.turn_detection.speech_duration_ms;
        expect(speechMs === undefined || typeof speechMs === "number").toBe(true);
      }
    }
  });

  it("response.created / response.done give id, status and (when done) usage", () => {
    for (const event of parsedOfType("response.created")) {
      expect(event.response.id).toMatch(/^resp_/);
      expect(event.response.status).toBe("in_progress");
      expect(event.response.usage ?? undefined).toBeUndefined();
      const temperature = event.response.temperature;
      expect(temperature === undefined || typeof temperature === "number").toBe(true);
    }
    const done = parsedOfType("response.done");
    expect(done.length).toBeGreaterThan(0);
    for (const event of done) {
      expect(event.response.status).toBe("completed");
      expect(event.response.usage?.total_tokens).toBeGreaterThan(0);
      expect(event.response.usage?.input_token_details?.cached_tokens_details).toBeDefined();
    }
  });

  it("the caller's item is followed by conversation.item.done, a known event", () => {
    const done = parsedOfType("conversation.item.done");
    expect(done.length).toBeGreaterThan(0);
    for (const event of done) expect(event.item.type).toBe("message");
  });

  it("function calls carry name, call_id and arguments where the worker reads them", () => {
    const calls = parsedOfType("response.done").flatMap((event) =>
      (event.response.output ?? []).filter((item) => item.type === "function_call"),
    );
    const argumentsDone = parsedOfType("response.function_call_arguments.done");
    if (calls.length === 0) return; // only some recordings have a tool round
    for (const call of calls) {
      if (call.type !== "function_call") continue;
      expect(call.name.length).toBeGreaterThan(0);
      expect(call.call_id.length).toBeGreaterThan(0);
      expect(() => JSON.parse(call.arguments)).not.toThrow();
    }
    expect(argumentsDone.map((event) => event.call_id)).toEqual(
      calls.map((call) => (call.type === "function_call" ? call.call_id : "")),
    );
  });

  it("with gpt-realtime, the caller's transcript arrives after the answer to it started", () => {
    const withAudioTurn = recordings.filter(
      ({ messages }) =>
        messages.some((m) => m.data.type === "conversation.item.input_audio_transcription.completed") &&
        JSON.stringify(messages[0]?.data).includes('"model":"gpt-realtime-global-standard"'),
    );
    expect(withAudioTurn.length).toBeGreaterThan(0);
    for (const { messages } of withAudioTurn) {
      const types = messages.filter((m) => m.direction === "received").map((m) => m.data.type);
      expect(types.indexOf("response.created")).toBeLessThan(
        types.indexOf("conversation.item.input_audio_transcription.completed"),
      );
    }
  });
});
