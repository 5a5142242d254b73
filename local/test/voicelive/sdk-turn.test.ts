// Fidelity: the official @azure/ai-voicelive SDK, an independent client with strict deserializers
// (research §7), talks to the emulator and must parse every event of a whole turn.

import {
  type ServerEventConversationItemInputAudioTranscriptionCompleted,
  type ServerEventConversationItemTruncated,
  type ServerEventError,
  type ServerEventResponseAudioDelta,
  type ServerEventResponseAudioTranscriptDone,
  type ServerEventResponseDone,
  type ServerEventResponseFunctionCallArgumentsDone,
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
      "response.created",
      "response.output_item.added",
      "conversation.item.created",
      "response.content_part.added",
      "response.audio.delta",
      // As recorded from the real service: the caller's transcript comes once the answer is under way.
      "conversation.item.input_audio_transcription.completed",
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

  it("barge-in, truncation and a function call round trip, all parsed by the SDK", async () => {
    const script = {
      turns: [
        {
          caller: "How do I read my meter?",
          reply:
            "First open the cupboard, then find the meter, then press the blue button, then read the display from left to right.",
        },
        {
          caller: "Sorry, please just hang up.",
          reply: "Okay, goodbye.",
          functionCall: { name: "end_call", arguments: { reason: "caller asked" } },
          replyAfterFunction: "Ending the call now.",
        },
      ],
    };
    emulator = await startVoiceLiveEmulator({ scenario: script, audioSpeed: 1, responseLatencyMs: 0 });
    const session = new VoiceLiveClient(emulator.url, new AzureKeyCredential(emulator.apiKey)).createSession(
      "gpt-realtime",
    );
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
    // Like the worker, configure turn detection: a fresh session's own (silence 200 ms) splits words.
    await session.updateSession({ turnDetection: { type: "server_vad" } });
    const count = (type: string) => events.filter((e) => e.type === type).length;
    const seen = () => events.map((e) => e.type).join(", ");
    const all = <T>(type: string) => events.filter((e) => e.type === type) as T[];

    for (const frame of frames(utteranceThenSilence(script.turns[0]?.caller ?? "", 24000), 24000)) {
      await session.sendAudio(frame);
    }
    await eventually(
      () => count("response.audio.delta") > 0,
      10_000,
      () => `count('response.audio.delta') > 0 after ${seen()}`,
    );
    for (const frame of frames(utteranceThenSilence(script.turns[1]?.caller ?? "", 24000), 24000)) {
      await session.sendAudio(frame);
    }
    await eventually(
      () => count("response.function_call_arguments.done") === 1,
      10_000,
      () => `count('response.function_call_arguments.done') === 1 after ${seen()}`,
    );
    const interrupted = all<ServerEventResponseDone>("response.done")[0];
    expect(interrupted?.response.status).toBe("cancelled");

    // The answer was cut after its first 100 ms delta: truncating inside that works, beyond is an error.
    const itemId = interrupted?.response.output?.[0]?.id ?? "";
    await session.sendEvent({
      type: "conversation.item.truncate",
      itemId,
      contentIndex: 0,
      audioEndInMs: 60,
    });
    await eventually(
      () => count("conversation.item.truncated") === 1,
      10_000,
      () => `count('conversation.item.truncated') === 1 after ${seen()}`,
    );
    expect(all<ServerEventConversationItemTruncated>("conversation.item.truncated")[0]?.audioEndInMs).toBe(
      60,
    );
    await session.sendEvent({
      type: "conversation.item.truncate",
      itemId,
      contentIndex: 0,
      audioEndInMs: 60_000,
    });
    await eventually(
      () => count("error") === 1,
      10_000,
      () => `count('error') === 1 after ${seen()}`,
    );
    expect(all<ServerEventError>("error")[0]?.error.type).toBe("invalid_request_error");

    const call = all<ServerEventResponseFunctionCallArgumentsDone>(
      "response.function_call_arguments.done",
    )[0];
    expect(call?.name).toBe("end_call");
    expect(JSON.parse(call?.arguments ?? "{}")).toEqual({ reason: "caller asked" });
    await eventually(
      () => count("response.done") === 2,
      10_000,
      () => `count('response.done') === 2 after ${seen()}`,
    );
    await session.addConversationItem({
      type: "function_call_output",
      callId: call?.callId ?? "",
      output: "{}",
    });
    await session.sendEvent({ type: "response.create" });
    await eventually(
      () => count("response.done") === 3,
      10_000,
      () => `count('response.done') === 3 after ${seen()}`,
    );
    const transcripts = all<ServerEventResponseAudioTranscriptDone>("response.audio_transcript.done").map(
      (e) => e.transcript,
    );
    expect(transcripts.at(-1)).toBe("Ending the call now.");
    await session.disconnect();

    expect(connectionErrors).toEqual([]);
    const parsingErrors = all<ServerEventError>("error").filter(
      (e) => e.error.code === "MessageParsingError",
    );
    expect(parsingErrors).toEqual([]);
  });
});
