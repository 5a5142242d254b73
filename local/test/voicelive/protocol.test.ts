// The emulator's handling of client events, observed with raw `ws` clients: session settings and
// their validation, auth on the upgrade, items, truncation, cancellation, output formats.

import { afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { prepareSpeechSynthesis, synthesizeSpeech } from "../../src/tts/index.js";
import { type Scenario, startVoiceLiveEmulator, type VoiceLiveEmulator } from "../../src/voicelive/index.js";
import { decodeDeltas, itemIdOf, RawClient, utteranceThenSilence } from "./helpers.js";

const scenario: Scenario = {
  greeting: "Welcome to the emulator.",
  turns: [
    {
      caller: "What is the weather like?",
      reply: "It is sunny and warm today, with a light breeze from the west.",
    },
  ],
};

let emulator: VoiceLiveEmulator | undefined;
const clients: RawClient[] = [];

beforeAll(async () => {
  await prepareSpeechSynthesis();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await emulator?.close();
  emulator = undefined;
});

async function start(options: Parameters<typeof startVoiceLiveEmulator>[0] = {}): Promise<VoiceLiveEmulator> {
  emulator = await startVoiceLiveEmulator({ scenario, audioSpeed: 50, responseLatencyMs: 0, ...options });
  return emulator;
}

async function connect(query = "?api-version=2026-04-10&model=gpt-realtime"): Promise<RawClient> {
  if (!emulator) throw new Error("start the emulator first");
  const client = await RawClient.connect(`${emulator.realtimeUrl}${query}`, { "api-key": emulator.apiKey });
  clients.push(client);
  await client.waitFor("session.created");
  return client;
}

function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on("open", () => {
      socket.terminate();
      resolve(101);
    });
    socket.on("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on("error", (error) => {
      if (!String(error.message).includes("Unexpected server response")) reject(error);
    });
  });
}

describe("upgrade", () => {
  it("accepts the key as header or query and any non-empty bearer token; 401 otherwise", async () => {
    const e = await start({ apiKey: "k-123" });
    const url = e.realtimeUrl;
    expect(
      await upgradeStatus(`${url}?api-version=2025-10-01&model=gpt-realtime`, { "api-key": "k-123" }),
    ).toBe(101);
    expect(await upgradeStatus(`${url}?api-version=2025-10-01&model=gpt-realtime&api-key=k-123`)).toBe(101);
    expect(await upgradeStatus(`${url}?model=m`, { authorization: "Bearer some-entra-token" })).toBe(101);
    expect(await upgradeStatus(`${url}?model=m&authorization=${encodeURIComponent("Bearer tok")}`)).toBe(101);
    expect(await upgradeStatus(`${url}?model=m`, { "api-key": "wrong" })).toBe(401);
    expect(await upgradeStatus(`${url}?model=m&api-key=wrong`, { "api-key": "k-123" })).toBe(401);
    expect(await upgradeStatus(`${url}?model=m`, { authorization: "Bearer " })).toBe(401);
    expect(await upgradeStatus(`${url}?model=m`)).toBe(401);
    expect(
      await upgradeStatus(`${url.replace("/voice-live/realtime", "/other")}`, { "api-key": "k-123" }),
    ).toBe(404);
    expect(e.rejectedUpgrades.map((r) => r.reason)).toEqual([
      "invalid-key",
      "invalid-key",
      "invalid-token",
      "missing-credentials",
      "unknown path",
    ]);
  });

  it("accepts only the configured bearer tokens when given a list", async () => {
    const e = await start({ acceptedBearerTokens: ["good"] });
    expect(await upgradeStatus(e.realtimeUrl, { authorization: "Bearer good" })).toBe(101);
    expect(await upgradeStatus(e.realtimeUrl, { authorization: "Bearer bad" })).toBe(401);
  });

  it("never records the credential in the session's query", async () => {
    const e = await start();
    await connect(`?api-version=2026-04-10&model=gpt-realtime&api-key=${e.apiKey}`);
    expect(e.sessions[0]?.query).toEqual({ "api-version": "2026-04-10", model: "gpt-realtime" });
  });

  it("accepts agent mode and reports an incomplete agent URL like the real service", async () => {
    await start();
    const complete = await connect("?api-version=2026-07-15&agent-name=a&agent-project-name=p");
    const incomplete = await connect("?api-version=2026-07-15&agent-name=a");
    const error = await incomplete.waitFor("error");
    expect(error.error).toMatchObject({
      message: "Missing required agent connection string or project name",
    });
    expect(complete.ofType("error")).toEqual([]);
  });

  it("sets maxPayload on the socket: an oversized frame is refused with 1009", async () => {
    await start();
    const client = await connect();
    client.socket.send(Buffer.alloc(22 * 1024 * 1024, 0x61));
    expect(await client.waitForClose()).toBe(1009);
  });
});

describe("session configuration", () => {
  it("session.created comes first with an id and expires_at; session.update resets what it sends (as recorded)", async () => {
    await start();
    const client = await connect("?api-version=2025-10-01&model=gpt-4o-realtime");
    expect(client.events[0]?.type).toBe("session.created");
    const created = client.events[0]?.session as Record<string, unknown>;
    expect(created.id).toMatch(/^sess_[0-9A-Za-z]{22}$/);
    // As the real service reports it: the deployment, sessions of up to 60 minutes, the generic defaults.
    expect(created.model).toBe("gpt-4o-realtime-global-standard");
    expect(created.expires_at).toBeGreaterThan(Date.now() / 1000 + 59 * 60);
    expect(created.modalities).toEqual(["audio"]);
    expect(created.voice).toEqual({ name: "alloy", type: "openai" });
    expect(created.input_audio_transcription).toBeNull();
    expect(created.output_audio_format).toBe("pcm16");
    expect(created.turn_detection).toMatchObject({
      type: "server_vad",
      prefix_padding_ms: 300,
      silence_duration_ms: 200,
      speech_duration_ms: null,
      interrupt_response: true,
    });

    client.send({
      type: "session.update",
      session: { instructions: "Be brief.", turn_detection: { silence_duration_ms: 800 } },
    });
    const updated = (await client.waitFor("session.updated")).session as Record<string, unknown>;
    expect(updated.instructions).toBe("Be brief.");
    // A turn_detection sent replaces the old one: the service's defaults, then the fields sent.
    expect(updated.turn_detection).toMatchObject({
      type: "server_vad",
      threshold: 0.5,
      prefix_padding_ms: 300,
      silence_duration_ms: 800,
    });
    expect(updated.input_audio_transcription).toBeNull();
    expect(updated.max_response_output_tokens).toBe("inf");
    expect(updated.id).toBe(created.id);

    client.send({ type: "session.update", session: { turn_detection: { type: "azure_semantic_vad" } } });
    const semantic = (
      await client.waitFor("session.updated", (e) => e !== client.ofType("session.updated")[0])
    ).session as Record<string, unknown>;
    // Recorded: azure_semantic_vad reports the timings it was not sent as null (its own defaults apply).
    expect(semantic.turn_detection).toMatchObject({
      type: "azure_semantic_vad",
      prefix_padding_ms: null,
      silence_duration_ms: null,
      profile: "classic",
    });
  });

  it("accepts the real input rates and output formats and rejects others with invalid_request_error", async () => {
    await start();
    const client = await connect();
    const valid = [
      { input_audio_sampling_rate: 16000 },
      { input_audio_sampling_rate: 24000 },
      { input_audio_sampling_rate: 8000 },
      { output_audio_format: "pcm16_16000hz" },
      { output_audio_format: "pcm16_8000hz" },
      { output_audio_format: "pcm16" },
      { input_audio_format: "g711_ulaw" },
    ];
    for (const session of valid) {
      const before = client.ofType("session.updated").length;
      client.send({ type: "session.update", session });
      await client.waitFor("session.updated", () => client.ofType("session.updated").length > before);
    }
    const invalid: Array<[Record<string, unknown>, string]> = [
      [
        { input_audio_format: "pcm16", input_audio_sampling_rate: 44100 },
        "session.input_audio_sampling_rate",
      ],
      [
        { input_audio_format: "g711_alaw", input_audio_sampling_rate: 16000 },
        "session.input_audio_sampling_rate",
      ],
      [{ output_audio_format: "mp3" }, "session.output_audio_format"],
      [{ turn_detection: { type: "server_vad", threshold: 1.5 } }, "session.turn_detection.threshold"],
      [{ temperature: 2 }, "session.temperature"],
      [{ modalities: ["speech"] }, "session.modalities"],
    ];
    for (const [index, [session, param]] of invalid.entries()) {
      client.send({ type: "session.update", event_id: `evt_${index}`, session });
      const error = await client.waitFor(
        "error",
        (e) => (e.error as { event_id: string }).event_id === `evt_${index}`,
      );
      expect(error.error).toMatchObject({ type: "invalid_request_error", param });
    }
    // The rejected updates changed nothing.
    const last = client.ofType("session.updated").at(-1)?.session as Record<string, unknown>;
    expect(last.input_audio_format).toBe("g711_ulaw");
    expect(last.input_audio_sampling_rate).toBe(8000);
    expect(last.output_audio_format).toBe("pcm16");
  });

  it("speaks at the output format's rate (pcm16 = 24 kHz, pcm16_16000hz, pcm16_8000hz)", async () => {
    await start();
    for (const [format, rate] of [
      ["pcm16", 24000],
      ["pcm16_16000hz", 16000],
      ["pcm16_8000hz", 8000],
    ] as const) {
      const client = await connect();
      client.send({ type: "session.update", session: { output_audio_format: format } });
      await client.waitFor("session.updated");
      client.send({ type: "response.create" });
      await client.waitFor("response.done");
      const audio = decodeDeltas(client.ofType("response.audio.delta"));
      expect(audio.length).toBe(synthesizeSpeech(scenario.greeting ?? "", rate).length);
    }
  });
});

describe("conversation items", () => {
  it("truncates an assistant item to what was heard, and rejects truncation beyond the generated audio", async () => {
    const e = await start();
    const client = await connect();
    client.send({ type: "response.create" });
    await client.waitFor("response.done");
    const itemId = itemIdOf(client.ofType("response.output_item.done")[0]);
    const generatedMs = (synthesizeSpeech(scenario.greeting ?? "", 24000).length / 24000) * 1000;

    client.send({
      type: "conversation.item.truncate",
      event_id: "evt_beyond",
      item_id: itemId,
      content_index: 0,
      audio_end_ms: Math.ceil(generatedMs) + 100,
    });
    const error = await client.waitFor("error");
    expect(error.error).toMatchObject({
      type: "invalid_request_error",
      param: "audio_end_ms",
      event_id: "evt_beyond",
    });
    expect(client.ofType("conversation.item.truncated")).toEqual([]);

    client.send({ type: "conversation.item.truncate", item_id: itemId, content_index: 0, audio_end_ms: 600 });
    const truncated = await client.waitFor("conversation.item.truncated");
    expect(truncated).toMatchObject({ item_id: itemId, content_index: 0, audio_end_ms: 600 });
    const record = e.sessions[0]?.conversation.find((i) => i.id === itemId);
    expect(record?.truncatedAtMs).toBe(600);
    expect(record?.fullText).toBe(scenario.greeting);
    expect(record && record.text.length < record.fullText.length).toBe(true);
    expect(scenario.greeting?.startsWith(record?.text ?? "x")).toBe(true);

    // Once truncated, the item's audio is 600 ms: truncating later than that is an error too.
    client.send({ type: "conversation.item.truncate", item_id: itemId, content_index: 0, audio_end_ms: 700 });
    await client.waitFor("error", () => client.ofType("error").length === 2);
  });

  it("refuses to truncate a user item or an unknown item", async () => {
    await start();
    const client = await connect();
    client.send({
      type: "conversation.item.create",
      item: { id: "item_u", type: "message", role: "user", content: [{ type: "input_text", text: "Hi" }] },
    });
    await client.waitFor("conversation.item.created");
    client.send({
      type: "conversation.item.truncate",
      item_id: "item_u",
      content_index: 0,
      audio_end_ms: 40,
    });
    expect((await client.waitFor("error")).error).toMatchObject({
      type: "invalid_request_error",
      param: "item_id",
    });
    client.send({
      type: "conversation.item.truncate",
      item_id: "item_nope",
      content_index: 0,
      audio_end_ms: 40,
    });
    await client.waitFor("error", () => client.ofType("error").length === 2);
    expect(client.ofType("error")[1]?.error).toMatchObject({ code: "item_not_found" });
  });

  it("refuses a truncate at audio_end_ms 0, even of an assistant item that was spoken", async () => {
    await start();
    const client = await connect();
    client.send({ type: "response.create" });
    const added = await client.waitFor("response.output_item.added");
    await client.waitFor("response.done");
    const itemId = (added.item as { id: string }).id;
    client.send({ type: "conversation.item.truncate", item_id: itemId, content_index: 0, audio_end_ms: 0 });
    expect((await client.waitFor("error")).error).toMatchObject({
      type: "invalid_request_error",
      param: "audio_end_ms",
    });
    expect(client.ofType("conversation.item.truncated")).toEqual([]);
  });

  it("creates, retrieves and deletes items; system and user messages enter the conversation log", async () => {
    const e = await start();
    const client = await connect();
    client.send({
      type: "conversation.item.create",
      item: { type: "message", role: "system", content: [{ type: "input_text", text: "Caller pressed 1" }] },
    });
    const created = await client.waitFor("conversation.item.created");
    const id = (created.item as { id: string }).id;
    expect(created.item).toMatchObject({ type: "message", role: "system", status: "completed" });
    client.send({ type: "conversation.item.retrieve", item_id: id });
    expect((await client.waitFor("conversation.item.retrieved")).item).toMatchObject({ id, role: "system" });
    client.send({ type: "conversation.item.delete", item_id: id });
    expect(await client.waitFor("conversation.item.deleted")).toMatchObject({ item_id: id });
    expect(e.sessions[0]?.conversation[0]).toMatchObject({
      id,
      role: "system",
      text: "Caller pressed 1",
      deleted: true,
    });
    client.send({ type: "conversation.item.delete", item_id: id });
    expect((await client.waitFor("error")).error).toMatchObject({ code: "item_not_found" });
  });
});

describe("responses and input buffer", () => {
  it("response.cancel with nothing in flight answers response_cancel_not_active", async () => {
    await start();
    const client = await connect();
    client.send({ type: "response.cancel" });
    expect((await client.waitFor("error")).error).toMatchObject({
      type: "invalid_request_error",
      code: "response_cancel_not_active",
    });
  });

  it("response.cancel stops the response in flight: audio.done and response.done cancelled", async () => {
    await start({ audioSpeed: 1 });
    const client = await connect();
    client.send({ type: "response.create" });
    await client.waitFor("response.audio.delta");
    client.send({ type: "response.cancel" });
    const done = await client.waitFor("response.done");
    expect(done.response).toMatchObject({
      status: "cancelled",
      status_details: { type: "cancelled", reason: "client_cancelled" },
    });
    expect(client.ofType("response.audio.done")).toHaveLength(1);
    const item = client.ofType("response.output_item.done")[0]?.item as { status: string };
    expect(item.status).toBe("incomplete");
    const full = synthesizeSpeech(scenario.greeting ?? "", 24000).length;
    expect(decodeDeltas(client.ofType("response.audio.delta")).length).toBeLessThan(full);
  });

  it("a second response.create while one is active is refused", async () => {
    await start({ audioSpeed: 1 });
    const client = await connect();
    client.send({ type: "response.create" });
    await client.waitFor("response.created");
    client.send({ type: "response.create" });
    expect((await client.waitFor("error")).error).toMatchObject({
      code: "conversation_already_has_active_response",
    });
  });

  it("commit of an empty buffer is an error; clear answers cleared; manual commit creates the caller item", async () => {
    const e = await start();
    const client = await connect();
    client.send({
      type: "session.update",
      session: { turn_detection: null, input_audio_transcription: { model: "whisper-1" } },
    });
    await client.waitFor("session.updated");
    client.send({ type: "input_audio_buffer.commit" });
    expect((await client.waitFor("error")).error).toMatchObject({ code: "input_audio_buffer_commit_empty" });
    client.sendAudio(utteranceThenSilence("What is the weather like?", 24000, 200), 24000);
    client.send({ type: "input_audio_buffer.clear" });
    await client.waitFor("input_audio_buffer.cleared");
    client.send({ type: "input_audio_buffer.commit" });
    await client.waitFor("error", () => client.ofType("error").length === 2);
    client.sendAudio(utteranceThenSilence("What is the weather like?", 24000, 200), 24000);
    client.send({ type: "input_audio_buffer.commit" });
    await client.waitFor("input_audio_buffer.committed");
    const completed = await client.waitFor("conversation.item.input_audio_transcription.completed");
    expect(completed.transcript).toBe(scenario.turns[0]?.caller);
    // Without turn detection there are no VAD events and no automatic response.
    expect(client.ofType("input_audio_buffer.speech_started")).toEqual([]);
    expect(client.ofType("response.created")).toEqual([]);
    client.send({ type: "response.create" });
    const transcript = await client.waitFor("response.audio_transcript.done");
    expect(transcript.transcript).toBe(scenario.turns[0]?.reply);
    expect(e.sessions[0]?.conversation.map((i) => i.role)).toEqual(["user", "assistant"]);
  });

  it("invalid JSON and unknown event types are answered with an error and counted", async () => {
    const e = await start();
    const client = await connect();
    client.socket.send("{not json");
    client.send({ type: "no.such.event" });
    await client.waitFor("error", () => client.ofType("error").length === 2);
    expect(client.ofType("error").map((x) => (x.error as { code: string }).code)).toEqual([
      "invalid_json",
      "invalid_value",
    ]);
    expect(e.sessions[0]?.unknownEventCount).toBe(1);
    expect(e.sessions[0]?.received.map((m) => m.invalid ?? m.type)).toEqual([
      "not a JSON object",
      "no.such.event",
    ]);
  });

  it("records every message received with its time and session id", async () => {
    const e = await start();
    const client = await connect();
    client.send({ type: "input_audio_buffer.append", audio: Buffer.alloc(480).toString("base64") });
    client.send({ type: "input_audio_buffer.clear", event_id: "evt_x" });
    await client.waitFor("input_audio_buffer.cleared");
    const session = e.sessions[0];
    expect(session?.received).toHaveLength(2);
    expect(session?.received[1]).toMatchObject({
      sessionId: session?.id,
      type: "input_audio_buffer.clear",
      message: { event_id: "evt_x" },
    });
    expect(session?.received[0]?.receivedAtMs).toBeGreaterThan(0);
    expect(session?.sent.map((s) => s.type)).toEqual(["session.created", "input_audio_buffer.cleared"]);
    expect(session?.receivedAudioMs).toBe(10);
  });
});
