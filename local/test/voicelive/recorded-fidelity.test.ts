// Fidelity against the oracle: live recordings of the real Voice Live service (fixtures/voicelive/real,
// kind "recorded"). Each gpt-realtime recording's client side is replayed against the emulator (its
// session.update, items and response.create as recorded; caller audio as a real utterance, since the
// recorded chunks are cut short), and what the emulator answers is compared with what the service
// answered: the same event kinds in the same order, and for every event the same keys, the same nulls
// and the same JSON types as a recorded event of its kind. The emulator cannot drift back to our
// reading of the docs without this failing.

import { afterEach, describe, expect, it } from "vitest";
import { listFixtures, readFixtureJson } from "../../../shared/test/fixtures.js";
import type { Scenario } from "../../src/voicelive/index.js";
import { startVoiceLiveEmulator, type VoiceLiveEmulator } from "../../src/voicelive/index.js";
import { RawClient, type WireEvent } from "./helpers.js";

interface RecordedMessage {
  direction: "received" | "sent";
  data: WireEvent;
}

const REAL = "voicelive/real";

function recording(name: string): RecordedMessage[] {
  return readFixtureJson<{ messages: RecordedMessage[] }>(REAL, name).messages;
}

/** The gpt-realtime family is what the emulator speaks; the cascade models answer differently. */
function isRealtimeModel(messages: RecordedMessage[]): boolean {
  const created = messages[0]?.data as { session?: { model?: string } };
  return created.session?.model?.startsWith("gpt-realtime") === true;
}

const received = (messages: RecordedMessage[]) =>
  messages.filter((m) => m.direction === "received").map((m) => m.data);

/** The scenario that makes the emulated model say what the real one said, taken from the recording. */
function scenarioOf(messages: RecordedMessage[]): Scenario {
  const events = received(messages);
  const callerLines = messages.flatMap((m) => {
    if (m.direction === "sent" && m.data.type === "conversation.item.create") {
      const item = m.data.item as { type: string; role?: string; content?: { text?: string }[] };
      if (item.type === "message" && item.role === "user") return [item.content?.[0]?.text ?? ""];
    }
    if (m.direction === "received" && m.data.type === "conversation.item.input_audio_transcription.completed")
      return [String(m.data.transcript)];
    return [];
  });
  const replies = events
    .filter((e) => e.type === "response.done")
    .map((e) => (e.response as { output: Array<Record<string, unknown>> }).output[0] ?? {});
  const textOf = (item: Record<string, unknown>) => {
    const part = (item.content as Array<{ text?: string; transcript?: string }> | undefined)?.[0];
    return part?.transcript ?? part?.text ?? "";
  };
  const first = replies[0] ?? {};
  const caller = callerLines.at(-1) ?? "";
  if (first.type === "function_call") {
    return {
      turns: [
        {
          caller,
          functionCall: {
            name: String(first.name),
            arguments: JSON.parse(String(first.arguments)) as Record<string, unknown>,
          },
          replyAfterFunction: textOf(replies[1] ?? {}),
        },
      ],
    };
  }
  // Earlier lines of a seeded history are answered by the seeded assistant messages.
  return {
    turns: callerLines.map((line, i) => ({
      caller: line,
      reply: i === callerLines.length - 1 ? textOf(first) : "",
    })),
  };
}

/** A tone of the text's length: the protocol is what is compared, not the voice. */
function tone(text: string, sampleRateHz: number): Int16Array {
  const samples = new Int16Array(Math.round((Math.max(4, text.length) * 40 * sampleRateHz) / 1000));
  for (let i = 0; i < samples.length; i++)
    samples[i] = Math.round(6000 * Math.sin((2 * Math.PI * 440 * i) / sampleRateHz));
  return samples;
}

/** Caller speech the emulator's VAD hears as one utterance, then enough silence to end the turn. */
function callerUtterance(sampleRateHz: number): Int16Array {
  const out = new Int16Array(Math.round(2.2 * sampleRateHz));
  for (let i = Math.round(0.3 * sampleRateHz); i < Math.round(1.2 * sampleRateHz); i++) {
    out[i] = Math.round(9000 * Math.sin((2 * Math.PI * 220 * i) / sampleRateHz));
  }
  return out;
}

const count = (events: readonly WireEvent[], type: string) => events.filter((e) => e.type === type).length;

/** Replays the client side of a recording; returns what the emulator sent. */
async function replay(emulator: VoiceLiveEmulator, messages: RecordedMessage[]): Promise<WireEvent[]> {
  const created = messages[0]?.data as { session?: { model?: string } } | undefined;
  const model = String(created?.session?.model).replace(/-global-standard$/, "");
  const client = await RawClient.connect(`${emulator.realtimeUrl}?api-version=2026-04-10&model=${model}`, {
    "api-key": emulator.apiKey,
  });
  try {
    const seen = new Map<string, number>();
    let sentAudio = false;
    for (const message of messages) {
      if (message.direction === "received") {
        // Before the next client message, the emulator must have answered as far as the service had.
        seen.set(message.data.type, (seen.get(message.data.type) ?? 0) + 1);
        continue;
      }
      for (const [type, needed] of seen) {
        if (type.endsWith(".delta")) continue;
        await client.waitFor(type, () => count(client.events, type) >= needed);
      }
      const event = message.data;
      if (event.type === "input_audio_buffer.append") {
        if (!sentAudio) client.sendAudio(callerUtterance(24000), 24000);
        sentAudio = true;
        continue;
      }
      if (
        event.type === "conversation.item.create" &&
        (event.item as { type: string }).type === "function_call_output"
      ) {
        const call = client.ofType("response.function_call_arguments.done").at(-1);
        client.send({ ...event, item: { ...(event.item as object), call_id: call?.call_id } });
        continue;
      }
      client.send(event);
    }
    const responses = count(received(messages), "response.done");
    await client.waitFor("response.done", () => count(client.events, "response.done") >= responses);
    return [...client.events];
  } finally {
    client.close();
  }
}

type Mismatch = string;

/**
 * Keys the newer recordings have and the older ones (test_audio_in_server_vad_turn,
 * test_message_history_seeding, test_text_*) lack, or the other way round: the service's shape moved
 * between the two. The emulator speaks the newer shape; against an older recording these keys alone
 * may differ.
 */
const VERSION_DRIFT = new Set([
  "session.created.session.greeting",
  "session.created.session.handoff",
  "session.updated.session.greeting",
  "session.updated.session.handoff",
  "session.updated.session.input_audio_transcription.delay",
  "session.created.session.turn_detection.end_of_utterance_detection",
  "session.updated.session.turn_detection.end_of_utterance_detection",
  "response.done.response.usage.input_token_details.cache_write_tokens",
  // null in the older session.created, "pcm16" in the newer.
  "session.created.session.output_audio_format",
]);

/** Strict structural equality: the same keys, nulls where the recording has null, the same JSON types. */
function compareStrict(recorded: unknown, actual: unknown, path: string): Mismatch[] {
  if (recorded === null) {
    return actual === null || VERSION_DRIFT.has(path)
      ? []
      : [`${path}: recorded null, got ${describeValue(actual)}`];
  }
  if (Array.isArray(recorded)) {
    if (!Array.isArray(actual)) return [`${path}: recorded an array, got ${describeValue(actual)}`];
    if (recorded.length === 0 || actual.length === 0) {
      return recorded.length === actual.length
        ? []
        : [`${path}: recorded ${recorded.length} elements, got ${actual.length}`];
    }
    return actual.flatMap((element, i) => {
      const sameKind = recorded.find((r) => kindOf(r) === kindOf(element)) ?? recorded[0];
      return compareStrict(sameKind, element, `${path}[${i}]`);
    });
  }
  if (typeof recorded === "object") {
    if (typeof actual !== "object" || actual === null || Array.isArray(actual)) {
      return [`${path}: recorded an object, got ${describeValue(actual)}`];
    }
    const r = recorded as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const out: Mismatch[] = [];
    const drift = (key: string) => VERSION_DRIFT.has(`${path}.${key}`.replace(/\[\d+\]/g, ""));
    for (const key of Object.keys(r)) {
      if (!(key in a)) {
        if (!drift(key)) out.push(`${path}.${key}: missing`);
      } else out.push(...compareStrict(r[key], a[key], `${path}.${key}`));
    }
    for (const key of Object.keys(a))
      if (!(key in r) && !drift(key)) out.push(`${path}.${key}: not in the recording`);
    return out;
  }
  return typeof recorded === typeof actual
    ? []
    : [`${path}: recorded ${typeof recorded}, got ${describeValue(actual)}`];
}

function kindOf(value: unknown): string {
  if (typeof value !== "object" || value === null) return typeof value;
  const v = value as { type?: unknown; role?: unknown };
  return `${String(v.type)}/${String(v.role)}`;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : typeof value;
}

/** The mismatches against the closest recorded event of the same kind (none: it matches one exactly). */
function againstClosest(recordedOfKind: readonly WireEvent[], actual: WireEvent): Mismatch[] {
  let best: Mismatch[] | undefined;
  for (const recorded of recordedOfKind) {
    const mismatches = compareStrict(recorded, actual, actual.type);
    if (mismatches.length === 0) return [];
    if (!best || mismatches.length < best.length) best = mismatches;
  }
  return best ?? [`${actual.type}: the recordings have no event of this kind`];
}

/** Event kinds in order, deltas and the asynchronous caller transcription left out, repeats collapsed. */
function structure(events: readonly WireEvent[]): string[] {
  const out: string[] = [];
  for (const { type } of events) {
    if (type.endsWith(".delta") || type.startsWith("conversation.item.input_audio_transcription.")) continue;
    if (out.at(-1) !== type) out.push(type);
  }
  return out;
}

const replays = listFixtures(REAL).filter((name) => isRealtimeModel(recording(name)));
const allRecorded = replays.flatMap((name) => received(recording(name)));

let emulator: VoiceLiveEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe("the emulator answers like the recorded service (oracle: live recordings)", () => {
  it("has the gpt-realtime recordings to replay, a tool round and a spoken caller turn among them", () => {
    expect(replays).toEqual(
      expect.arrayContaining(["test_tool_call_round.json", "test_audio_in_server_vad_turn.json"]),
    );
  });

  it.each(replays)(
    "%s: the same events in the same order, each with the recorded keys, nulls and types",
    async (name) => {
      const messages = recording(name);
      emulator = await startVoiceLiveEmulator({
        scenario: scenarioOf(messages),
        synthesize: tone,
        audioSpeed: 50,
        responseLatencyMs: 5,
        chunkMs: 100,
      });
      const emitted = await replay(emulator, messages);
      const recorded = received(messages);

      expect(structure(emitted)).toEqual(structure(recorded));
      const missingKinds = [...new Set(recorded.map((e) => e.type))].filter(
        (type) => count(emitted, type) === 0,
      );
      expect(missingKinds).toEqual([]);

      // Each event against its kind in the same session (same client messages), else in any recording.
      const mismatches = emitted.flatMap((event) => {
        const sameSession = recorded.filter((r) => r.type === event.type);
        return againstClosest(
          sameSession.length > 0 ? sameSession : allRecorded.filter((r) => r.type === event.type),
          event,
        );
      });
      expect([...new Set(mismatches)]).toEqual([]);

      // The caller's transcription comes after the answer to it started, as the service sends it.
      const types = emitted.map((e) => e.type);
      const transcribed = types.indexOf("conversation.item.input_audio_transcription.completed");
      if (transcribed >= 0) expect(transcribed).toBeGreaterThan(types.indexOf("response.created"));
    },
  );
});
