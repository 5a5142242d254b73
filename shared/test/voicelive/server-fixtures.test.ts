// Golden tests: every server payload captured from Microsoft's docs, specs and a real service error
// parses to the typed event it is, with the fields our worker relies on intact.
import { describe, expect, it } from "vitest";
import { type ParsedServerEvent, parseServerEvent, type ServerEvent } from "../../src/voicelive/index.js";
import { listFixtures, readFixtureJson, readFixtureText } from "../fixtures.js";

type Check = (event: ServerEvent) => void;

function expectType<T extends ServerEvent["type"]>(
  event: ParsedServerEvent,
  type: T,
): asserts event is Extract<ServerEvent, { type: T }> {
  expect(event.type).toBe(type);
}

/** Key fields per fixture; a server fixture without an entry here fails the suite. */
const keyFieldChecks: Record<string, Check> = {
  "server-conversation.item.created-audio.json": (e) => {
    expectType(e, "conversation.item.created");
    expect(e.item.type).toBe("message");
    if (e.item.type !== "message") return;
    expect(e.item.role).toBe("user");
    expect(e.item.content[0]).toEqual({
      type: "input_audio",
      audio: null,
      transcript: "What's the weather like today?",
    });
  },
  "server-conversation.item.created.json": (e) => {
    expectType(e, "conversation.item.created");
    expect(e.previous_item_id).toBe("item_ABC123");
    expect(e.item).toMatchObject({ type: "message", id: "item_DEF456", status: "completed", role: "user" });
  },
  "server-conversation.item.input_audio_transcription.completed.json": (e) => {
    expectType(e, "conversation.item.input_audio_transcription.completed");
    expect(e.item_id).toBe("<item_id>");
    expect(e.content_index).toBe(0);
    expect(e.transcript).toBe("<transcript>");
  },
  "server-conversation.item.input_audio_transcription.delta.json": (e) => {
    expectType(e, "conversation.item.input_audio_transcription.delta");
    expect(e.delta).toBe("<delta>");
  },
  "server-conversation.item.input_audio_transcription.failed.json": (e) => {
    expectType(e, "conversation.item.input_audio_transcription.failed");
    expect(e.error.code).toBe("<code>");
    expect(e.error.message).toBe("<message>");
  },
  "server-conversation.item.truncated.json": (e) => {
    expectType(e, "conversation.item.truncated");
    expect(e.item_id).toBe("<item_id>");
    expect(e.content_index).toBe(0);
    expect(e.audio_end_ms).toBe(0);
  },
  "server-error-real-agent-missing-params.json": (e) => {
    expectType(e, "error");
    expect(e.event_id).toBe("event_6BWYRNV1zUWapTZtyqvcS2");
    expect(e.error).toEqual({
      message: "Missing required agent connection string or project name",
      type: "invalid_request_error",
      code: "invalid_request_error",
      param: null,
      event_id: null,
    });
  },
  "server-error.json": (e) => {
    expectType(e, "error");
    expect(e.error.type).toBeUndefined();
    expect(e.error.code).toBe("<code>");
    expect(e.error.event_id).toBe("<event_id>");
  },
  "server-input_audio_buffer.cleared.json": (e) => {
    expectType(e, "input_audio_buffer.cleared");
  },
  "server-input_audio_buffer.committed.json": (e) => {
    expectType(e, "input_audio_buffer.committed");
    expect(e.previous_item_id).toBe("<previous_item_id>");
    expect(e.item_id).toBe("<item_id>");
  },
  "server-input_audio_buffer.speech_started.json": (e) => {
    expectType(e, "input_audio_buffer.speech_started");
    expect(e.audio_start_ms).toBe(0);
    expect(e.item_id).toBe("<item_id>");
  },
  "server-input_audio_buffer.speech_stopped.json": (e) => {
    expectType(e, "input_audio_buffer.speech_stopped");
    expect(e.audio_end_ms).toBe(0);
  },
  "server-rate_limits.updated.json": (e) => {
    expectType(e, "rate_limits.updated");
    expect(e.rate_limits).toEqual([{ name: "<name>", limit: 0, remaining: 0, reset_seconds: 0 }]);
  },
  "server-response.animation_viseme.delta.json": (e) => {
    expectType(e, "response.animation_viseme.delta");
    expect(e.audio_offset_ms).toBe(455);
    expect(e.viseme_id).toBe(20);
  },
  "server-response.audio.delta.json": (e) => {
    expectType(e, "response.audio.delta");
    expect(e.response_id).toBe("resp_ABC123");
    expect(e.item_id).toBe("item_DEF456");
    expect(e.output_index).toBe(0);
    expect(e.content_index).toBe(0);
    expect(e.delta).toBe("UklGRiQAAABXQVZFZm10IBAAAAABAAEARKwAAIhYAQACABAAZGF0YQAAAAA=");
  },
  "server-response.audio.done.json": (e) => {
    expectType(e, "response.audio.done");
    expect(e.item_id).toBe("item_DEF456");
  },
  "server-response.audio_timestamp.delta.json": (e) => {
    expectType(e, "response.audio_timestamp.delta");
    expect(e.audio_offset_ms).toBe(490);
    expect(e.audio_duration_ms).toBe(387);
    expect(e.text).toBe("end");
  },
  "server-response.audio_transcript.delta.json": (e) => {
    expectType(e, "response.audio_transcript.delta");
    expect(e.delta).toBe("Hello! I'm doing");
  },
  "server-response.audio_transcript.done.json": (e) => {
    expectType(e, "response.audio_transcript.done");
    expect(e.transcript).toMatch(/^Hello! I'm doing well/);
  },
  "server-response.content_part.added.json": (e) => {
    expectType(e, "response.content_part.added");
    expect(e.part).toEqual({ type: "text", text: "" });
  },
  "server-response.created.json": (e) => {
    expectType(e, "response.created");
    expect(e.response.id).toBe("resp_ABC123");
    expect(e.response.status).toBe("in_progress");
    // Microsoft's example has no token details; we accept it (the SDK does not, see completeUsage).
    expect(e.response.usage).toEqual({ total_tokens: 0, input_tokens: 0, output_tokens: 0 });
  },
  "server-response.done.json": (e) => {
    expectType(e, "response.done");
    expect(e.response.status).toBe("completed");
    expect(e.response.usage?.total_tokens).toBe(87);
    expect(e.response.usage?.input_token_details?.audio_tokens).toBe(7);
    expect(e.response.usage?.output_token_details?.audio_tokens).toBe(20);
    const [first] = e.response.output ?? [];
    expect(first?.type).toBe("message");
    expect(first?.id).toBe("item_DEF456");
  },
  "server-response.function_call_arguments.delta.json": (e) => {
    expectType(e, "response.function_call_arguments.delta");
    expect(e.call_id).toBe("<call_id>");
    expect(e.delta).toBe("<delta>");
  },
  "server-response.function_call_arguments.done.json": (e) => {
    expectType(e, "response.function_call_arguments.done");
    expect(e.call_id).toBe("<call_id>");
    expect(e.item_id).toBe("<item_id>");
    expect(e.arguments).toBe("<arguments>");
  },
  "server-response.output_item.added.json": (e) => {
    expectType(e, "response.output_item.added");
    expect(e.response_id).toBe("resp_ABC123");
    expect(e.item).toMatchObject({ type: "message", status: "in_progress", role: "assistant", content: [] });
  },
  "server-response.output_item.done.json": (e) => {
    expectType(e, "response.output_item.done");
    expect(e.item).toMatchObject({ type: "message", id: "item_DEF456", status: "completed" });
  },
  "server-response.text.delta.json": (e) => {
    expectType(e, "response.text.delta");
    expect(e.delta).toBe("Hello! I'm");
  },
  "server-session.created-spec-example.json": (e) => {
    expectType(e, "session.created");
    expect(e.event_id).toBe("event_001");
    expect(e.session.id).toBe("sess_001");
    expect(e.session.expires_at).toBe(1735862400);
    expect(e.session.voice).toBe("alloy");
    expect(e.session.input_audio_transcription).toBeNull();
    expect(e.session.turn_detection?.type).toBe("server_vad");
    expect(e.session.max_response_output_tokens).toBe("inf");
  },
  "server-session.created.json": (e) => {
    expectType(e, "session.created");
    expect(e.session.id).toBe("sess_ABC123DEF456");
    expect(e.session.input_audio_sampling_rate).toBe(24000);
    expect(e.session.turn_detection).toEqual({
      type: "azure_semantic_vad",
      threshold: 0.5,
      prefix_padding_ms: 420,
      silence_duration_ms: 500,
    });
  },
  "server-session.updated.json": (e) => {
    expectType(e, "session.updated");
    expect(e.session.voice).toEqual({
      type: "azure-custom",
      name: "my-voice",
      endpoint_id: "12345678-1234-1234-1234-123456789012",
    });
    // Avatar settings are not modelled but are kept.
    expect(e.session.avatar).toEqual({ character: "lisa", customized: false });
  },
  "server-warning.json": (e) => {
    expectType(e, "warning");
    expect(e.warning.message).toBe("<message>");
  },
};

const serverFixtures = listFixtures("voicelive").filter((name) => name.startsWith("server-"));

describe("server event fixtures", () => {
  it("are all covered by a key-field check", () => {
    expect(serverFixtures.length).toBeGreaterThan(25);
    expect(serverFixtures.filter((name) => !(name in keyFieldChecks))).toEqual([]);
  });

  it.each(serverFixtures)("%s parses to its typed event with nothing lost", (name) => {
    const fixture = readFixtureJson<{ type: string }>("voicelive", name);
    const event = parseServerEvent(readFixtureText("voicelive", name));
    expect(event.type).toBe(fixture.type);
    // Extra keys are kept, so the typed value is the payload itself.
    expect(event).toEqual(fixture);
    keyFieldChecks[name]?.(event as ServerEvent);
  });

  it.each(serverFixtures)("%s parses from UTF-8 bytes as from text", (name) => {
    const text = readFixtureText("voicelive", name);
    expect(parseServerEvent(new TextEncoder().encode(text))).toEqual(parseServerEvent(text));
  });
});
