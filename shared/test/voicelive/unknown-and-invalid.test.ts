// Bad or unfamiliar input from a peer is a value, never an exception, and never echoes content.
import { MAX_REPORTED_TYPE_LENGTH, parseClientEvent, parseServerEvent } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";

const SECRET = "sk-SECRET-caller-said-4255550123";

describe("parseServerEvent on unfamiliar input", () => {
  it("reports a well-formed event of an unknown kind as unknown, keeping its type for counting", () => {
    expect(parseServerEvent('{"type":"response.hologram.delta","delta":"x"}')).toEqual({
      type: "unknown",
      originalType: "response.hologram.delta",
    });
  });

  it("caps the reported type so a peer cannot make counters' keys arbitrarily long", () => {
    const event = parseServerEvent(JSON.stringify({ type: "x".repeat(10_000) }));
    expect(event).toEqual({ type: "unknown", originalType: "x".repeat(MAX_REPORTED_TYPE_LENGTH) });
  });

  it.each(["constructor", "__proto__", "toString", "hasOwnProperty"])(
    "does not mistake the prototype member %s for a known kind",
    (type) => {
      expect(parseServerEvent(JSON.stringify({ type }))).toEqual({ type: "unknown", originalType: type });
    },
  );

  it("recognises envelope-only kinds (MCP, avatar, search) without calling them unknown", () => {
    const event = parseServerEvent('{"type":"response.mcp_call.completed","item_id":"i","output_index":0}');
    expect(event).toEqual({ type: "response.mcp_call.completed", item_id: "i", output_index: 0 });
  });

  it.each([
    ["", "not valid JSON"],
    ["{", "not valid JSON"],
    [`{"type":"error","error":{"message":"${SECRET}"`, "not valid JSON"],
    ["null", "not a JSON object"],
    ["[1,2]", "not a JSON object"],
    ['"response.done"', "not a JSON object"],
    ["42", "not a JSON object"],
    ["{}", "field type is missing or not a string"],
    ['{"type":7}', "field type is missing or not a string"],
  ])("reports %j as invalid: %s", (text, reason) => {
    expect(parseServerEvent(text)).toEqual({ type: "invalid", reason });
  });

  it("names the event kind and field at fault, not the value received", () => {
    const event = parseServerEvent(
      JSON.stringify({ type: "input_audio_buffer.speech_started", audio_start_ms: SECRET, item_id: "i" }),
    );
    expect(event).toEqual({
      type: "invalid",
      reason: "input_audio_buffer.speech_started: audio_start_ms invalid_type (expected number)",
    });
  });

  it("never quotes content even when a field the worker relies on is wrong deep inside", () => {
    const responseDone = {
      type: "response.done",
      response: { id: "r", status: { [SECRET]: SECRET }, output: [], metadata: { [SECRET]: 5 } },
    };
    const event = parseServerEvent(JSON.stringify(responseDone));
    expect(event.type).toBe("invalid");
    expect(JSON.stringify(event)).not.toContain("SECRET");
    expect(event).toMatchObject({ reason: expect.stringMatching(/^response\.done: response\.status /) });
  });

  it("hides user-chosen keys of free-form maps in the reason", () => {
    const event = parseServerEvent(
      JSON.stringify({
        type: "response.done",
        response: { id: "r", status: "completed", metadata: { [SECRET]: 5 } },
      }),
    );
    expect(event).toEqual({
      type: "invalid",
      reason: "response.done: response.metadata.* invalid_type (expected string)",
    });
  });

  it("requires the session id in session.created, which the SDK needs to deliver anything", () => {
    expect(parseServerEvent('{"type":"session.created","session":{"model":"gpt-realtime"}}')).toEqual({
      type: "invalid",
      reason: "session.created: session.id invalid_type (expected string)",
    });
  });

  it("keeps reading the effective session when the service reports kinds we do not know yet", () => {
    const updated = {
      type: "session.updated",
      session: {
        id: "sess_1",
        voice: { type: "azure-future-voice", name: "nova" },
        turn_detection: { type: "future_vad", interrupt_response: true, auto_truncate: false, brand_new: 1 },
        input_audio_noise_reduction: { type: "hyper_suppression" },
        input_audio_format: "opus",
        tools: [{ type: "code_interpreter" }],
      },
    };
    const event = parseServerEvent(JSON.stringify(updated));
    expect(event).toEqual(updated);
    if (event.type !== "session.updated") throw new Error("expected session.updated");
    expect(event.session.turn_detection?.interrupt_response).toBe(true);
  });

  it("is strict on the knobs it types even in the lenient session report", () => {
    const event = parseServerEvent(
      JSON.stringify({
        type: "session.updated",
        session: { turn_detection: { type: "server_vad", auto_truncate: "yes" } },
      }),
    );
    expect(event).toEqual({
      type: "invalid",
      reason: "session.updated: session.turn_detection.auto_truncate invalid_type (expected boolean)",
    });
  });

  it("keeps a response.done readable when its output holds an item kind we do not know", () => {
    const done = {
      type: "response.done",
      response: {
        id: "resp_1",
        status: "completed",
        output: [
          { type: "reasoning", id: "item_r", summary: [SECRET] },
          { type: "function_call", id: "item_f", name: "end_call", call_id: "call_1", arguments: "{}" },
        ],
      },
    };
    const event = parseServerEvent(JSON.stringify(done));
    if (event.type !== "response.done") throw new Error(`expected response.done, got ${event.type}`);
    expect(event.response.status).toBe("completed");
    expect(event.response.output?.[0]).toEqual({ type: "unknown", originalType: "reasoning", id: "item_r" });
    expect(event.response.output?.[1]?.type).toBe("function_call");
  });

  it("still rejects an item of a known kind that lacks what the worker needs, naming the field", () => {
    const added = {
      type: "response.output_item.added",
      response_id: "resp_1",
      output_index: 0,
      item: { type: "function_call", id: "item_f", name: "end_call", call_id: 7, arguments: "{}" },
    };
    expect(parseServerEvent(JSON.stringify(added))).toEqual({
      type: "invalid",
      reason: "response.output_item.added: item.call_id invalid_type (expected string)",
    });
  });

  it("does not let a __proto__ key in the payload reach Object.prototype", () => {
    const text = '{"type":"input_audio_buffer.cleared","__proto__":{"polluted":true}}';
    const event = parseServerEvent(text);
    expect(event.type).toBe("input_audio_buffer.cleared");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
  });
});

describe("parseClientEvent on unfamiliar input", () => {
  it("calls event kinds outside our ClientEvent union unknown (SDK-only and avatar kinds included)", () => {
    for (const type of ["input_audio.turn.start", "session.avatar.connect", "output_audio_buffer.clear"]) {
      expect(parseClientEvent(JSON.stringify({ type }))).toEqual({ type: "unknown", originalType: type });
    }
  });

  it("rejects a session.update with a VAD kind that does not exist, naming the field", () => {
    const event = parseClientEvent(
      JSON.stringify({
        type: "session.update",
        session: { turn_detection: { type: "azure_semantic_vadd" } },
      }),
    );
    expect(event).toMatchObject({
      type: "invalid",
      reason: expect.stringMatching(/^session\.update: session\.turn_detection/),
    });
  });

  it("rejects an input sampling rate the service does not support", () => {
    const event = parseClientEvent(
      JSON.stringify({ type: "session.update", session: { input_audio_sampling_rate: 44100 } }),
    );
    expect(event).toEqual({
      type: "invalid",
      reason: "session.update: session.input_audio_sampling_rate invalid_value",
    });
  });

  it("rejects a truncate with a fractional or negative audio_end_ms", () => {
    for (const audio_end_ms of [12.5, -1]) {
      const event = parseClientEvent(
        JSON.stringify({ type: "conversation.item.truncate", item_id: "i", content_index: 0, audio_end_ms }),
      );
      expect(event).toMatchObject({ type: "invalid", reason: expect.stringContaining("audio_end_ms") });
    }
  });

  it("names the field inside the voice object rather than the whole union", () => {
    const event = parseClientEvent(
      JSON.stringify({ type: "session.update", session: { voice: { type: "azure-custom", name: "v" } } }),
    );
    expect(event).toEqual({
      type: "invalid",
      reason: "session.update: session.voice.endpoint_id invalid_type (expected string)",
    });
  });

  it("rejects audio that is not base64 without quoting it", () => {
    const event = parseClientEvent(
      JSON.stringify({ type: "input_audio_buffer.append", audio: `"${SECRET}` }),
    );
    expect(event).toEqual({ type: "invalid", reason: "input_audio_buffer.append: audio invalid_format" });
  });

  it("rejects a function call output without its call_id", () => {
    const event = parseClientEvent(
      JSON.stringify({
        type: "conversation.item.create",
        item: { type: "function_call_output", output: SECRET },
      }),
    );
    expect(event).toEqual({
      type: "invalid",
      reason: "conversation.item.create: item.call_id invalid_type (expected string)",
    });
  });

  it("keeps fields it does not model, so what the emulator records is what was sent", () => {
    const sent = { type: "response.create", response: { instructions: "hi", future_knob: { a: 1 } } };
    expect(parseClientEvent(JSON.stringify(sent))).toEqual(sent);
  });
});
