// Fidelity: the official @azure/ai-voicelive SDK, an independent client with strict deserializers
// (research §7), talks to the emulator and must parse every event of a whole turn.

import {
  type ServerEventConversationItemInputAudioTranscriptionCompleted,
  type ServerEventResponseAudioDelta,
  type ServerEventResponseAudioTranscriptDone,
  type ServerEventResponseDone,
  type ServerEventSessionCreated,
  type ServerEventSessionUpdated,
  type ServerEventUnion,
  VoiceLiveClient,
} from "@azure/ai-voicelive";
import { AzureKeyCredential } from "@azure/core-auth";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { prepareSpeechSynthesis, synthesizeSpeech } from "../../src/tts/index.js";
import { startVoiceLiveEmulator, type VoiceLiveEmulator } from "../../src/voicelive/index.js";
import { eventually, frames, utteranceThenSilence } from "./helpers.js";

const scenario = {
  greeting: "Hello, how can I help?",
  turns: [
    { caller: "What are your opening hours?", reply: "We are open from nine to five, Monday to Friday." },
  ],
};

let emulator: VoiceLiveEmulator | undefined;
beforeAll(async () => {
  await prepareSpeechSynthesis();
});
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe("official SDK against the emulator", () => {
  it("runs a whole caller turn with every server event parsed", async () => {
    emulator = await startVoiceLiveEmulator({ scenario, audioSpeed: 20, responseLatencyMs: 0 });
    const client = new VoiceLiveClient(emulator.url, new AzureKeyCredential(emulator.apiKey));
    const session = client.createSession("gpt-realtime");
    const events: ServerEventUnion[] = [];
    const connectionErrors: string[] = [];
    session.subscribe({
      onServerEvent: async (event) => {
        events.push(event);
      },
      onError: async (args) => {
        connectionErrors.push(args.error.message);
      },
    });
    await session.connect();
    await session.updateSession({
      modalities: ["text", "audio"],
      instructions: "You are a helpful assistant.",
      voice: { type: "azure-standard", name: "en-US-AvaNeural" },
      inputAudioFormat: "pcm16",
      outputAudioFormat: "pcm16",
      inputAudioSamplingRate: 16000,
      turnDetection: { type: "server_vad", threshold: 0.5, prefixPaddingInMs: 300, silenceDurationInMs: 500 },
      inputAudioTranscription: { model: "azure-speech", language: "en-US" },
    });
    await eventually(() => events.some((e) => e.type === "session.updated"));
    for (const frame of frames(utteranceThenSilence(scenario.turns[0]?.caller ?? "", 16000), 16000)) {
      await session.sendAudio(frame);
    }
    await eventually(() => events.some((e) => e.type === "response.done"));
    await session.disconnect();

    expect(connectionErrors).toEqual([]);
    expect(events.filter((e) => e.type === "error")).toEqual([]);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe("session.created");
    const expectedOrder = [
      "session.updated",
      "input_audio_buffer.speech_started",
      "input_audio_buffer.speech_stopped",
      "input_audio_buffer.committed",
      "conversation.item.created",
      "conversation.item.input_audio_transcription.completed",
      "response.created",
      "response.output_item.added",
      "conversation.item.created",
      "response.content_part.added",
      "response.audio.delta",
      "response.audio_transcript.delta",
      "response.audio.done",
      "response.audio_transcript.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.done",
    ];
    let cursor = 0;
    for (const type of expectedOrder) {
      const at = types.indexOf(type as ServerEventUnion["type"], cursor);
      expect(at, `${type} after index ${cursor} in ${types.join(",")}`).toBeGreaterThanOrEqual(cursor);
      cursor = at + 1;
    }

    const first = <T>(type: string) => events.find((e) => e.type === type) as T | undefined;
    const created = first<ServerEventSessionCreated>("session.created");
    expect(created?.session.id).toMatch(/^sess_/);
    expect(created?.session.expiresAt).toBeInstanceOf(Date);
    expect(first<ServerEventSessionUpdated>("session.updated")?.session.inputAudioSamplingRate).toBe(16000);

    const transcription = first<ServerEventConversationItemInputAudioTranscriptionCompleted>(
      "conversation.item.input_audio_transcription.completed",
    );
    expect(transcription?.transcript).toBe(scenario.turns[0]?.caller);
    expect(first<ServerEventResponseAudioTranscriptDone>("response.audio_transcript.done")?.transcript).toBe(
      scenario.turns[0]?.reply,
    );

    // The audio the SDK decoded is the synthesized reply at 24 kHz (pcm16), byte for byte.
    const audioBytes = events
      .filter((e) => e.type === "response.audio.delta")
      .reduce((sum, e) => sum + (e as ServerEventResponseAudioDelta).delta.byteLength, 0);
    expect(audioBytes).toBe(synthesizeSpeech(scenario.turns[0]?.reply ?? "", 24000).byteLength);

    const done = first<ServerEventResponseDone>("response.done");
    expect(done?.response.status).toBe("completed");
    const usage = done?.response.usage;
    expect(usage?.inputTokenDetails.cachedTokensDetails).toBeDefined();
    expect(usage?.outputTokenDetails.audioTokens).toBeGreaterThan(0);
    expect(usage?.totalTokens).toBe((usage?.inputTokens ?? 0) + (usage?.outputTokens ?? 0));

    // What the emulator recorded matches what the SDK sent.
    const recorded = emulator.sessions[0]?.received ?? [];
    expect(recorded[0]?.type).toBe("session.update");
    expect(recorded.filter((m) => m.type === "input_audio_buffer.append").length).toBeGreaterThan(50);
  });

  it("refuses a wrong key with 401 on the upgrade", async () => {
    emulator = await startVoiceLiveEmulator({ scenario });
    const client = new VoiceLiveClient(emulator.url, new AzureKeyCredential("wrong-key"));
    await expect(client.startSession("gpt-realtime")).rejects.toThrow(/401/);
    expect(emulator.sessions).toHaveLength(0);
    expect(emulator.rejectedUpgrades).toEqual([
      { status: 401, reason: "invalid-key", path: "/voice-live/realtime" },
    ]);
  });

  it("accepts a bearer token credential (local mode)", async () => {
    emulator = await startVoiceLiveEmulator({ scenario });
    const credential = {
      getToken: async () => ({ token: "local-token", expiresOnTimestamp: Date.now() + 3_600_000 }),
    };
    const session = await new VoiceLiveClient(emulator.url, credential).startSession("gpt-realtime");
    const created = await emulator.waitForSession();
    await created.waitForEvent("session.created");
    expect(session.isConnected).toBe(true);
    await session.disconnect();
  });
});
