/**
 * Oracle: the live recordings of the real Voice Live service (fixtures/voicelive/real, kind "recorded").
 * A real CallSession is driven with what the service really sent, every message read by the product's
 * own parser exactly as the worker's connection reads it (nothing stripped: explicit nulls, extra
 * fields, `conversation.item.done` and all), and the test asserts what reached the sockets: ACS hears
 * the greeting, the tool's function_call_output and the follow-up response.create go to Voice Live, a
 * turn record with the caller's words and the usage is emitted, and end_call hangs up through Call
 * Automation after the goodbye.
 *
 * The call is stitched from three recordings of gpt-realtime (the service never recorded one phone
 * call): the session and the caller's audio turn of `test_audio_in_server_vad_turn`, a spoken answer of
 * `test_text_in_audio_out_turn`, the function call round of `test_tool_call_round`. Two adaptations,
 * both things the service would have done for this client: `session.updated` lists the tools this
 * worker sent (in the service's reported shape), and the second function call round is the recorded one
 * with its ids renamed and the function named `end_call`.
 */
import { type ClientEvent, FakeClock, parseServerEvent } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readFixtureJson } from "../../shared/test/fixtures.js";
import type { CallEvent, TurnRecord } from "../src/session/call-events.js";
import type { CallFeatures } from "../src/session/call-session.js";
import { endCallTool } from "../src/tools/builtin/end-call.js";
import { defineTool } from "../src/tools/tool.js";
import { createTestCall } from "./fakes.js";

interface Recorded {
  direction: "received" | "sent";
  data: { type: string; [key: string]: unknown };
}

const received = (name: string): Recorded["data"][] =>
  readFixtureJson<{ messages: Recorded[] }>("voicelive/real", name)
    .messages.filter((m) => m.direction === "received")
    .map((m) => m.data);

const audioTurn = received("test_audio_in_server_vad_turn.json");
const spokenAnswer = received("test_text_in_audio_out_turn.json");
const toolRound = received("test_tool_call_round.json");

/** The events of one recorded response, response.created to response.done. */
function responseAt(events: Recorded["data"][], nth: number): Recorded["data"][] {
  const starts = events.flatMap((e, i) => (e.type === "response.created" ? [i] : []));
  const start = starts[nth] ?? -1;
  const end = events.findIndex((e, i) => i > start && e.type === "response.done");
  return events.slice(start, end + 1);
}

/** The same recorded events under fresh ids (a later response of the same call). */
function renamed(events: Recorded["data"][], suffix: string, replace: [string, string][] = []) {
  let text = JSON.stringify(events).replace(
    /"((?:resp|item|call|event)_[0-9A-Za-z]{10,})"/g,
    `"$1${suffix}"`,
  );
  for (const [from, to] of replace) text = text.replaceAll(from, to);
  return JSON.parse(text) as Recorded["data"][];
}

const CALLER_TURN = [
  "input_audio_buffer.speech_started",
  "input_audio_buffer.speech_stopped",
  "input_audio_buffer.committed",
  "conversation.item.created",
  "conversation.item.done",
];

const WEATHER = "It is foggy and 12 degrees in London.";
const weatherTool = defineTool({
  name: "get_weather",
  description: "Look up the weather for a city.",
  arguments: z.object({ city: z.string() }).strict(),
  async run(args) {
    return args.city === "London" ? WEATHER : "unknown city";
  },
});

const FEATURES: CallFeatures = {
  tools: [weatherTool, endCallTool],
  toolTimeoutMs: 2_000,
  toolFillerAfterMs: 1_500,
  transferMessage: "Please hold.",
  dtmf: { enabled: false, interDigitMs: 1_500 },
  timeouts: { callerSilenceMs: 0, silenceHangupMs: 0, maxCallMs: 0 },
  renewal: undefined,
};

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

function replayCall() {
  const clock = new FakeClock();
  const test = createTestCall(clock, { features: FEATURES });
  const events: CallEvent[] = [];
  test.session.subscribe((event) => events.push(event));
  const dropped: string[] = [];
  /** What the worker's Voice Live connection does with a message: parse, drop what it cannot read. */
  const deliver = (messages: Recorded["data"][]) => {
    for (const message of messages) {
      const event = parseServerEvent(JSON.stringify(message));
      if (event.type === "invalid" || event.type === "unknown") dropped.push(message.type);
      else test.session.onVoiceLiveEvent(event);
    }
  };
  test.openVoiceLive();
  return { clock, events, dropped, deliver, ...test };
}

/** The tools our session.update sent, as the service reports tools (name first, recorded order). */
function reportedTools(sent: ClientEvent[]) {
  const update = sent.find((e) => e.type === "session.update");
  const tools = update?.type === "session.update" ? (update.session.tools ?? []) : [];
  return tools.map((tool) =>
    tool.type === "function"
      ? { name: tool.name, description: tool.description, type: tool.type, parameters: tool.parameters }
      : tool,
  );
}

describe("a call replayed from the real service's recordings", () => {
  it("greets, runs the tool, answers, records the turn and hangs up on end_call", async () => {
    const { clock, events, dropped, deliver, voiceLive, acs, callControl, ended, session } = replayCall();

    // The session as the service reported it, with the tools this worker sent.
    const [created, updated] = [audioTurn[0], audioTurn[1]];
    expect([created?.type, updated?.type]).toEqual(["session.created", "session.updated"]);
    deliver([created as Recorded["data"]]);
    const updatedSession = (updated as unknown as { session: Record<string, unknown> }).session;
    deliver([
      {
        ...updated,
        type: "session.updated",
        session: { ...updatedSession, tools: reportedTools(voiceLive.sent) },
      },
    ]);

    // The greeting: the service's audio answer to our response.create is played to the caller.
    expect(voiceLive.ofType("response.create")).toHaveLength(1);
    deliver(responseAt(spokenAnswer, 0));
    clock.advance(1_000);
    expect(acs.audio.length).toBeGreaterThan(0);

    // The caller speaks; the service answers with a function call.
    deliver(audioTurn.filter((e) => CALLER_TURN.includes(e.type)));
    deliver(responseAt(toolRound, 0));
    await settle();
    const outputs = voiceLive
      .ofType("conversation.item.create")
      .flatMap((e) => (e.item.type === "function_call_output" ? [e.item] : []));
    expect(outputs).toEqual([
      expect.objectContaining({ call_id: "call_gjzQgB58ZBkvkAhK", output: JSON.stringify(WEATHER) }),
    ]);
    // The answer to the tool result is asked for, after the output.
    const sent = voiceLive.sent.map((e) => e.type);
    expect(sent.lastIndexOf("response.create")).toBeGreaterThan(sent.lastIndexOf("conversation.item.create"));
    expect(voiceLive.ofType("response.create")).toHaveLength(2);

    // The caller's transcription arrives late (as recorded), then the answer to the tool result.
    deliver(audioTurn.filter((e) => e.type.startsWith("conversation.item.input_audio_transcription")));
    deliver(responseAt(toolRound, 1));
    const turns = events.flatMap((e): TurnRecord[] => (e.type === "turn" ? [e.turn] : []));
    const transcript = audioTurn.find(
      (e) => e.type === "conversation.item.input_audio_transcription.completed",
    )?.transcript;
    const recordedText = (events: Recorded["data"][], type: string, field: string) =>
      events.find((e) => e.type === type)?.[field];
    expect(
      turns.map((t) => [t.callerText, t.botText, t.tools.map((tool) => `${tool.name}:${tool.status}`)]),
    ).toEqual([
      // The greeting, in the words the service transcribed its own audio with.
      ["", recordedText(responseAt(spokenAnswer, 0), "response.audio_transcript.done", "transcript"), []],
      // The function call: nothing said yet.
      ["", "", []],
      // The caller's words with the answer to them, and the tool that answer needed.
      [transcript, WEATHER, ["get_weather:ok"]],
    ]);
    // Usage as the service reported it at response.done (the tool round's recorded counts).
    expect(turns.map((t) => t.usage?.inputTextTokens)).toEqual([16, 63, 96]);
    expect(turns[0]?.usage?.outputAudioTokens).toBeGreaterThan(0);

    // end_call, the goodbye asked for, played, then the hang-up.
    deliver(renamed(responseAt(toolRound, 0), "_bye", [['"get_weather"', '"end_call"']]));
    await settle();
    const goodbye = voiceLive.ofType("response.create").at(-1);
    expect(goodbye?.response?.instructions).toMatch(/goodbye/i);
    deliver(renamed(responseAt(spokenAnswer, 0), "_bye"));
    clock.advance(5_000);
    await settle();
    expect(callControl.hungUp).toEqual(["conn-1"]);
    expect(ended.map((e) => e.reason)).toEqual(["bot-ended"]);
    expect(session.isEnded).toBe(true);

    // Nothing the service sent was unreadable.
    expect(dropped).toEqual([]);
  });
});
