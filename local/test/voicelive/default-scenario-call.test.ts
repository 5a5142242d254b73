// The offline demo call on a virtual clock: the default scenario's caller audio (buildCallerAudio)
// is appended frame by frame in (fake) real time to a session, with a client that asks for the
// greeting and answers the end_call. Checks that the script and the caller's timing fit: every
// line transcribed in order, the long answer cut by the barge-in, the others heard in full, and
// end_call made after the goodbye.

import { FakeClock } from "@acs-voice/shared";
import { beforeAll, describe, expect, it } from "vitest";
import { prepareSpeechSynthesis, synthesizeSpeech } from "../../src/tts/index.js";
import {
  buildCallerAudio,
  EmulatedVoiceLiveSession,
  loadScenarioFile,
  sequentialVoiceLiveIds,
} from "../../src/voicelive/index.js";
import { FAKE_START_MS, FakeSocket } from "./fake-socket.js";

beforeAll(async () => {
  await prepareSpeechSynthesis();
});

describe("default scenario, virtual time", () => {
  it("plays out as the demo call expects", () => {
    const scenario = loadScenarioFile();
    const rate = 24000;
    const caller = buildCallerAudio(scenario, rate);
    const time = new FakeClock({ startMs: FAKE_START_MS });
    const socket = new FakeSocket();
    const session = new EmulatedVoiceLiveSession(
      socket,
      {
        model: "gpt-realtime",
        apiVersion: "2026-04-10",
        query: {},
        agentMode: false,
        agentIncomplete: false,
      },
      {
        scenario,
        faults: () => ({}),
        audioSpeed: 4,
        chunkMs: 100,
        responseLatencyMs: 150,
        sessionLifetimeMs: 30 * 60_000,
        maxRecorded: 100_000,
        clock: time,
        timers: time,
        ids: sequentialVoiceLiveIds(),
        synthesize: synthesizeSpeech,
      },
    );
    // The worker configures the session (caller transcription on) and asks for the greeting at once.
    socket.receive({
      type: "session.update",
      session: {
        turn_detection: { type: "azure_semantic_vad" },
        input_audio_transcription: { model: "gpt-4o-transcribe" },
      },
    });
    socket.receive({ type: "response.create" });
    const frame = rate / 50;
    let answeredCalls = 0;
    let handledSpeechStarts = 0;
    // Like the media worker: play each reply in real time from its first delta; on barge-in,
    // truncate the reply being played at the position reached.
    const playback = new Map<string, { firstDeltaAtMs: number; audioMs: number }>();
    const onNewEvents = (from: number) => {
      for (const event of socket.sent.slice(from)) {
        if (event.type === "response.audio.delta") {
          const itemId = String(event.item_id);
          const entry = playback.get(itemId) ?? { firstDeltaAtMs: time.now(), audioMs: 0 };
          entry.audioMs += (Buffer.from(String(event.delta), "base64").length / 2 / rate) * 1000;
          playback.set(itemId, entry);
        }
      }
    };
    for (let offset = 0; offset < caller.samples.length; offset += frame) {
      const piece = caller.samples.slice(offset, offset + frame);
      const seen = socket.sent.length;
      socket.receive({
        type: "input_audio_buffer.append",
        audio: Buffer.from(piece.buffer).toString("base64"),
      });
      time.advance(20);
      onNewEvents(seen);
      for (const _start of socket.ofType("input_audio_buffer.speech_started").slice(handledSpeechStarts)) {
        handledSpeechStarts++;
        for (const [itemId, heard] of playback) {
          const playedMs = Math.floor(time.now() - heard.firstDeltaAtMs);
          if (playedMs < heard.audioMs) {
            socket.receive({
              type: "conversation.item.truncate",
              item_id: itemId,
              content_index: 0,
              audio_end_ms: playedMs,
            });
            playback.delete(itemId); // playback stops at the barge-in
          }
        }
      }
      for (const call of socket.sent
        .filter((e) => e.type === "response.function_call_arguments.done")
        .slice(answeredCalls)) {
        answeredCalls++;
        socket.receive({
          type: "conversation.item.create",
          item: { type: "function_call_output", call_id: call.call_id, output: "{}" },
        });
        socket.receive({ type: "response.create" });
      }
    }
    time.advance(5_000);

    const transcripts = socket
      .ofType("conversation.item.input_audio_transcription.completed")
      .map((e) => e.transcript);
    expect(transcripts).toEqual(scenario.turns.map((t) => t.caller));
    const responses = socket
      .ofType("response.done")
      .map((e) => e.response as { status: string; output: Array<{ type: string; name?: string }> });
    expect(responses.map((r) => r.status)).toEqual([
      "completed",
      "completed",
      "cancelled",
      "completed",
      "completed",
      "completed",
    ]);
    expect(responses[4]?.output.map((o) => o.name ?? o.type)).toEqual(["message", "end_call"]);
    expect(socket.ofType("error")).toEqual([]);

    // The barge-in came about interruptAfterMs into the long answer: the service cancelled it (it was
    // still generating, 4x faster than real time) and the client truncated it at what was heard.
    const longAnswer = session.conversation.find((i) => i.fullText === scenario.turns[1]?.reply);
    const interruptAfterMs = scenario.turns[1]?.interruptAfterMs ?? 0;
    expect(longAnswer?.status).toBe("incomplete");
    expect(longAnswer?.truncatedAtMs).toBeGreaterThan(interruptAfterMs - 1000);
    expect(longAnswer?.truncatedAtMs).toBeLessThan(interruptAfterMs + 1500);
    expect(longAnswer && longAnswer.text.length < longAnswer.fullText.length / 2).toBe(true);
    expect(socket.ofType("conversation.item.truncated")).toHaveLength(1);
    // Exactly one speech start per caller line: nobody talked over the other replies.
    expect(socket.ofType("input_audio_buffer.speech_started")).toHaveLength(scenario.turns.length);
  }, 60_000);
});
