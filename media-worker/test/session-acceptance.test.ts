// What the worker makes of the service's session.updated. Oracle: the live recordings
// (fixtures/voicelive/real), where the real service answered real session.updates.
import {
  parseServerEvent,
  type SessionConfig,
  type SessionResource,
  type SessionUpdatedEvent,
} from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { listFixtures, readFixtureJson } from "../../shared/test/fixtures.js";
import { checkAcceptance } from "../src/session/session-acceptance.js";
import { buildSessionConfig } from "../src/session/session-config.js";

interface Recorded {
  direction: "sent" | "received";
  data: { type: string; session?: unknown };
}

const pairs = listFixtures("voicelive/real").map((name) => {
  const messages = readFixtureJson<{ messages: Recorded[] }>("voicelive/real", name).messages;
  const sent = messages.find((m) => m.direction === "sent" && m.data.type === "session.update");
  const updated = messages.find((m) => m.direction === "received" && m.data.type === "session.updated");
  const parsed = parseServerEvent(JSON.stringify(updated?.data)) as SessionUpdatedEvent;
  return { name, sent: sent?.data.session as SessionConfig, reported: parsed.session };
});

describe("checkAcceptance against the real service's answers", () => {
  it.each(pairs.map((p) => [p.name, p] as const))("%s: everything sent was taken", (_name, pair) => {
    const acceptance = checkAcceptance(pair.sent, pair.reported);
    expect(acceptance.differences).toEqual([]);
    expect(acceptance.unusable).toBeUndefined();
    expect(acceptance.inputHz).toBeUndefined();
    expect(acceptance.outputHz).toBeUndefined();
  });
});

describe("checkAcceptance of our own session.update", () => {
  const ours = buildSessionConfig({
    systemPrompt: "Be brief.",
    voiceName: "en-US-Ava:DragonHDLatestNeural",
    acsAudioFormat: "pcm24KMono",
    tools: [{ type: "function", name: "end_call", description: "Hang up", parameters: { type: "object" } }],
    transcriptionModel: "gpt-4o-transcribe",
  });
  // A recorded session.updated of gpt-realtime, with what we sent in its place, then changed per case.
  const recorded = pairs.find((p) => p.name === "test_tool_call_round.json")?.reported as SessionResource;
  const reported = (change: Partial<SessionResource>): SessionResource => ({
    ...recorded,
    modalities: ["audio", "text"],
    voice: { name: "en-US-Ava:DragonHDLatestNeural", type: "azure-standard" },
    input_audio_sampling_rate: 24000,
    output_audio_format: "pcm16",
    turn_detection: { ...recorded.turn_detection, ...ours.turn_detection, type: "azure_semantic_vad" },
    input_audio_noise_reduction: { type: "azure_deep_noise_suppression" },
    input_audio_echo_cancellation: {
      type: "server_echo_cancellation",
      reference_source: "server",
      channels: 1,
    },
    input_audio_transcription: { model: "gpt-4o-transcribe" },
    tools: [{ name: "end_call", description: "Hang up", type: "function", parameters: { type: "object" } }],
    ...change,
  });

  it("accepted as sent: nothing to say", () => {
    expect(checkAcceptance(ours, reported({}))).toMatchObject({ differences: [], unusable: undefined });
  });

  it("another voice, VAD or transcription model is named, not fatal", () => {
    const acceptance = checkAcceptance(
      ours,
      reported({
        voice: { name: "alloy", type: "openai" },
        turn_detection: { ...recorded.turn_detection, type: "server_vad" },
        input_audio_transcription: null,
      }),
    );
    expect(acceptance.differences).toEqual(
      expect.arrayContaining(["voice", "turn_detection.type", "input_audio_transcription.model"]),
    );
    expect(acceptance.unusable).toBeUndefined();
  });

  it("audio at another rate than asked is followed, not played at the wrong speed", () => {
    const acceptance = checkAcceptance(
      ours,
      reported({ output_audio_format: "pcm16_16000hz", input_audio_sampling_rate: 16000 }),
    );
    expect(acceptance).toMatchObject({ outputHz: 16_000, inputHz: 16_000, unusable: undefined });
    expect(acceptance.differences).toEqual(["input_audio_sampling_rate", "output_audio_format"]);
  });

  it("no audio out, an unplayable format, no turn detection or refused tools make the call unusable", () => {
    expect(checkAcceptance(ours, reported({ modalities: ["text"] })).unusable).toBe("no-audio-output");
    expect(checkAcceptance(ours, reported({ output_audio_format: "g711_ulaw" })).unusable).toBe(
      "output-format",
    );
    expect(checkAcceptance(ours, reported({ turn_detection: null })).unusable).toBe("no-turn-detection");
    const refused = checkAcceptance(ours, reported({ tools: [] }));
    expect(refused).toMatchObject({ unusable: "tools-refused", differences: ["tools.end_call"] });
  });

  it("follows the service's interrupt_response, whatever was asked", () => {
    const vad = { ...recorded.turn_detection, type: "azure_semantic_vad", interrupt_response: false };
    expect(checkAcceptance(ours, reported({ turn_detection: vad })).serviceInterrupts).toBe(false);
  });
});
