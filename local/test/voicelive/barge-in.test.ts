// Server VAD and interruption, observed on the wire: speech over a reply cancels it (interrupt_response),
// or does not when disabled; auto_truncate truncates at the real-time playback point; VAD times are on
// the session's audio timeline at the session's input rate.

import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { prepareSpeechSynthesis } from "../../src/tts/index.js";
import { type Scenario, startVoiceLiveEmulator, type VoiceLiveEmulator } from "../../src/voicelive/index.js";
import { itemIdOf, RawClient, utteranceThenSilence } from "./helpers.js";

const longReply =
  "Let me explain this in detail. First you open the cupboard, then you find the meter, then you press the blue button, and then you read the number on the display from left to right.";
const scenario: Scenario = {
  turns: [
    { caller: "How do I read my meter?", reply: longReply },
    { caller: "Sorry, can I text it instead?", reply: "Of course you can." },
  ],
};

let emulator: VoiceLiveEmulator | undefined;
let client: RawClient | undefined;
beforeAll(async () => {
  await prepareSpeechSynthesis();
});
afterEach(async () => {
  client?.close();
  await emulator?.close();
  emulator = undefined;
});

async function callerTurnThenInterrupt(
  turnDetection: Record<string, unknown>,
  audioSpeed = 1,
): Promise<RawClient> {
  emulator = await startVoiceLiveEmulator({ scenario, audioSpeed, responseLatencyMs: 0 });
  client = await RawClient.connect(emulator.realtimeUrl, { "api-key": emulator.apiKey });
  await client.waitFor("session.created");
  client.send({
    type: "session.update",
    session: {
      turn_detection: { type: "server_vad", ...turnDetection },
      input_audio_transcription: { model: "whisper-1" },
    },
  });
  await client.waitFor("session.updated");
  client.sendAudio(utteranceThenSilence("How do I read my meter?", 24000), 24000);
  await client.waitFor("response.audio.delta");
  client.sendAudio(utteranceThenSilence("Sorry, can I text it instead?", 24000), 24000);
  await client.waitFor(
    "input_audio_buffer.speech_started",
    () => client?.ofType("input_audio_buffer.speech_started").length === 2,
  );
  return client;
}

describe("barge-in", () => {
  it("speech during a reply cancels it (interrupt_response default true) and the next turn is answered", async () => {
    const c = await callerTurnThenInterrupt({});
    const firstDone = await c.waitFor("response.done");
    expect(firstDone.response).toMatchObject({
      status: "cancelled",
      status_details: { type: "cancelled", reason: "turn_detected" },
    });
    const types = c.events.map((e) => e.type);
    const secondStart = types.lastIndexOf("input_audio_buffer.speech_started");
    const audioDone = types.indexOf("response.audio.done");
    const firstDoneAt = types.indexOf("response.done");
    expect(secondStart).toBeLessThan(audioDone);
    expect(audioDone).toBeLessThan(firstDoneAt);
    const firstResponseId = (firstDone.response as { id: string }).id;
    const lateDeltas = c.events
      .slice(firstDoneAt)
      .filter((e) => e.type === "response.audio.delta" && e.response_id === firstResponseId);
    expect(lateDeltas).toEqual([]);
    // The cancelled item keeps only the transcript produced before the interruption.
    const cancelledTranscript = c.ofType("response.audio_transcript.done")[0]?.transcript as string;
    expect(cancelledTranscript.length).toBeLessThan(longReply.length);
    expect(longReply.startsWith(cancelledTranscript)).toBe(true);

    const second = await c.waitFor(
      "response.audio_transcript.done",
      (e) => e.transcript === "Of course you can.",
    );
    expect(second).toBeDefined();
    const transcriptions = c
      .ofType("conversation.item.input_audio_transcription.completed")
      .map((e) => e.transcript);
    expect(transcriptions).toEqual(["How do I read my meter?", "Sorry, can I text it instead?"]);
  });

  it("with interrupt_response false the reply plays to the end", async () => {
    const c = await callerTurnThenInterrupt({ interrupt_response: false }, 10);
    const firstDone = await c.waitFor("response.done");
    expect(firstDone.response).toMatchObject({ status: "completed" });
    expect(c.ofType("response.audio_transcript.done")[0]?.transcript).toBe(longReply);
  });

  it("auto_truncate truncates the reply at the real-time playback point", async () => {
    const c = await callerTurnThenInterrupt({ auto_truncate: true });
    const truncated = await c.waitFor("conversation.item.truncated");
    const itemId = itemIdOf(c.ofType("response.output_item.added")[0]);
    expect(truncated.item_id).toBe(itemId);
    const record = emulator?.sessions[0]?.conversation.find((i) => i.id === itemId);
    expect(record?.truncatedAtMs).toBe(truncated.audio_end_ms);
    expect(truncated.audio_end_ms as number).toBeGreaterThan(0);
    expect(record && record.text.length < longReply.length).toBe(true);
  });
});

describe("server VAD on the session's timeline", () => {
  it("reports speech start (with prefix padding) and end in ms of 16 kHz input audio", async () => {
    emulator = await startVoiceLiveEmulator({ scenario, audioSpeed: 50, responseLatencyMs: 0 });
    client = await RawClient.connect(emulator.realtimeUrl, { "api-key": emulator.apiKey });
    await client.waitFor("session.created");
    client.send({
      type: "session.update",
      session: {
        input_audio_sampling_rate: 16000,
        turn_detection: {
          type: "server_vad",
          prefix_padding_ms: 200,
          silence_duration_ms: 400,
          create_response: false,
        },
      },
    });
    await client.waitFor("session.updated");
    // 1 s of silence, then a 1.5 s tone (clearly above any threshold), then 1 s of silence.
    const rate = 16000;
    const audio = new Int16Array(rate * 3.5);
    for (let i = rate; i < rate * 2.5; i++)
      audio[i] = Math.round(8000 * Math.sin((2 * Math.PI * 220 * i) / rate));
    client.sendAudio(audio, rate);
    const started = await client.waitFor("input_audio_buffer.speech_started");
    const stopped = await client.waitFor("input_audio_buffer.speech_stopped");
    expect(started.audio_start_ms).toBe(1000 - 200);
    expect(stopped.audio_end_ms).toBe(2500);
    expect(stopped.item_id).toBe(started.item_id);
    const committed = await client.waitFor("input_audio_buffer.committed");
    expect(committed.item_id).toBe(started.item_id);
    expect(client.ofType("response.created")).toEqual([]);
    expect(emulator.sessions[0]?.receivedAudioMs).toBe(3500);
  });

  it("ignores audio below the threshold", async () => {
    emulator = await startVoiceLiveEmulator({ scenario, audioSpeed: 50, responseLatencyMs: 0 });
    client = await RawClient.connect(emulator.realtimeUrl, { "api-key": emulator.apiKey });
    await client.waitFor("session.created");
    client.send({
      type: "session.update",
      session: { turn_detection: { type: "server_vad", threshold: 0.9 } },
    });
    await client.waitFor("session.updated");
    // -26 dBFS tone: speech at threshold 0.5 (-35 dBFS), not at 0.9 (-15 dBFS).
    const rate = 24000;
    const audio = new Int16Array(rate * 2);
    for (let i = 0; i < rate; i++) audio[i] = Math.round(2300 * Math.sin((2 * Math.PI * 300 * i) / rate));
    client.sendAudio(audio, rate);
    client.send({ type: "input_audio_buffer.clear" });
    await client.waitFor("input_audio_buffer.cleared");
    expect(client.ofType("input_audio_buffer.speech_started")).toEqual([]);
    client.send({
      type: "session.update",
      session: { turn_detection: { type: "server_vad", threshold: 0.5 } },
    });
    await client.waitFor("session.updated", () => client?.ofType("session.updated").length === 2);
    client.sendAudio(audio, rate);
    await client.waitFor("input_audio_buffer.speech_started");
  });
});
