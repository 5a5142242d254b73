import { describe, expect, it } from "vitest";
import {
  CALLER_GIVE_UP_AFTER_MS,
  CALLER_HANG_UP_GRACE_MS,
  decideCallEnd,
} from "../../src/runner/end-of-call.js";
import type { CallerPlan } from "../../src/runner/ipc-messages.js";
import { LiveCallState } from "../../src/runner/live-call-state.js";
import type { LiveEvent } from "../../src/runner/live-event.js";
import { createLiveView, describe as describeEvent, renderLiveLines } from "../../src/runner/live-view.js";
import { SpeechActivity } from "../../src/runner/speech-activity.js";

const T0 = 1_700_000_000_000;

function play(state: LiveCallState, events: [number, LiveEvent][]): string[] {
  const lines: string[] = [];
  for (const [atMs, event] of events) {
    const timed = { atEpochMs: T0 + atMs, event };
    state.apply(timed);
    const line = describeEvent(event, state, timed.atEpochMs);
    if (line) lines.push(line);
  }
  return lines;
}

/** Greeting, one answered question, then a barge-in on the second answer. */
const CALL: [number, LiveEvent][] = [
  [0, { kind: "service-up", name: "media-worker" }],
  [100, { kind: "call-state", state: "connected" }],
  [200, { kind: "media-connected" }],
  [500, { kind: "bot-audio", audible: true }],
  [3000, { kind: "bot-audio", audible: false }],
  [4000, { kind: "caller-speech", speaking: true }],
  [5000, { kind: "caller-speech", speaking: false }],
  [5400, { kind: "caller-transcript", text: "What are your hours?" }],
  [5650, { kind: "bot-audio", audible: true }],
  [9000, { kind: "bot-audio", audible: false }],
  [10_000, { kind: "caller-speech", speaking: true }],
  [11_000, { kind: "caller-speech", speaking: false }],
  [11_700, { kind: "bot-audio", audible: true }],
  [14_000, { kind: "caller-speech", speaking: true }],
  [14_090, { kind: "stop-audio" }],
  [14_120, { kind: "bot-audio", audible: false }],
  [14_120, { kind: "response-done", responseId: "r3", status: "cancelled", usage: undefined }],
  [14_200, { kind: "tool-call", name: "end_call", arguments: '{"reason":"bye"}' }],
];

describe("live call state", () => {
  it("measures first audio, each turn's latency and the barge-in from the live events", () => {
    const state = new LiveCallState(T0);
    const lines = play(state, CALL);
    expect(state.firstAudioEpochMs).toBe(T0 + 500);
    expect(state.turns.map((t) => [t.index, t.latencyMs])).toEqual([
      [0, undefined],
      [1, 650],
      [2, 700],
      [3, undefined],
    ]);
    expect(state.turns[1]?.callerText).toBe("What are your hours?");
    expect(state.bargeIns).toEqual([{ atEpochMs: T0 + 14_000, stopAudioAfterMs: 90, botSilentAfterMs: 120 }]);
    expect(state.turns[3]?.bargeIn).toBe(state.bargeIns[0]);
    expect(lines).toContain("bot speaking: greeting, first audio 300 ms after media connected");
    expect(lines).toContain("bot speaking: answered in 650 ms");
    expect(lines).toContain("caller speaking over the bot: barge-in");
    expect(lines).toContain('tool call end_call({"reason":"bye"})');
  });

  it("renders turns, latencies and the barge-in in the in-place view", () => {
    const state = new LiveCallState(T0);
    play(state, CALL);
    const text = renderLiveLines(state, T0 + 15_000, "Offline call").join("\n");
    expect(text).toContain("Offline call ·  15.0s");
    expect(text).toContain("✔ media-worker");
    expect(text).toMatch(/turn 1 +"What are your hours\?" +answered in 650 ms/);
    expect(text).toContain(
      "⚡ barge-in: the caller talked over the bot; StopAudio 90 ms, bot silent 120 ms later",
    );
    expect(text).toContain("greeting first audio 300 ms after media connected");
    expect(text).toContain("▶ caller speaking");
    expect(text).toContain('end_call({"reason":"bye"})');
  });

  it("adds up the token usage of every response", () => {
    const state = new LiveCallState(T0);
    const usage = (input: number, output: number, cached: number) => ({
      total_tokens: input + output,
      input_tokens: input,
      output_tokens: output,
      input_token_details: {
        cached_tokens: cached,
        cache_write_tokens: 0,
        text_tokens: input,
        audio_tokens: 0,
        image_tokens: 0,
        cached_tokens_details: { text_tokens: cached, audio_tokens: 0, image_tokens: 0 },
      },
      output_token_details: { text_tokens: 0, audio_tokens: output, reasoning_tokens: 0 },
    });
    play(state, [
      [1, { kind: "response-done", responseId: "a", status: "completed", usage: usage(100, 50, 0) }],
      [2, { kind: "response-done", responseId: "b", status: "completed", usage: usage(200, 70, 100) }],
    ]);
    expect(state.tokens).toEqual({ input: 300, output: 120, cached: 100, total: 420, responses: 2 });
  });
});

describe("end of the call", () => {
  const plan: CallerPlan = {
    durationMs: 20_000,
    sampleRateHz: 16_000,
    utterances: [
      { startMs: 4_000, endMs: 5_000, text: "hi" },
      { startMs: 10_000, endMs: 11_000, text: "bye" },
    ],
  };
  const lastWords = (state: LiveCallState) =>
    play(state, [
      [0, { kind: "media-connected" }],
      [10_000, { kind: "caller-speech", speaking: true }],
      [11_000, { kind: "caller-speech", speaking: false }],
      [11_600, { kind: "bot-audio", audible: true }],
      [13_000, { kind: "bot-audio", audible: false }],
    ]);

  it("waits while the caller still has something to say", () => {
    const state = new LiveCallState(T0);
    play(state, [[0, { kind: "media-connected" }]]);
    expect(decideCallEnd(state, plan, T0 + 9_000)).toEqual({ action: "wait" });
  });

  it("gives the worker the grace period to hang up after the last answer, then the caller hangs up", () => {
    const state = new LiveCallState(T0);
    lastWords(state);
    expect(decideCallEnd(state, plan, T0 + 13_000 + CALLER_HANG_UP_GRACE_MS - 1)).toEqual({ action: "wait" });
    expect(decideCallEnd(state, plan, T0 + 13_000 + CALLER_HANG_UP_GRACE_MS).action).toBe("caller-hangs-up");
  });

  it("prefers the worker's hang-up (end_call) when it comes", () => {
    const state = new LiveCallState(T0);
    lastWords(state);
    play(state, [[14_000, { kind: "call-ended", reason: "bot-hang-up" }]]);
    expect(decideCallEnd(state, plan, T0 + 20_000)).toEqual({ action: "ended-by-worker" });
  });

  it("reports any other end as it is", () => {
    const state = new LiveCallState(T0);
    lastWords(state);
    play(state, [[16_000, { kind: "call-ended", reason: "caller-hang-up" }]]);
    expect(decideCallEnd(state, plan, T0 + 16_000)).toEqual({ action: "ended", reason: "caller-hang-up" });
  });

  it("gives up when the bot never answers the last words", () => {
    const state = new LiveCallState(T0);
    play(state, [
      [0, { kind: "media-connected" }],
      [10_000, { kind: "caller-speech", speaking: true }],
      [11_000, { kind: "caller-speech", speaking: false }],
    ]);
    expect(decideCallEnd(state, plan, T0 + 11_000 + CALLER_GIVE_UP_AFTER_MS - 1)).toEqual({ action: "wait" });
    expect(decideCallEnd(state, plan, T0 + 11_000 + CALLER_GIVE_UP_AFTER_MS).action).toBe("caller-hangs-up");
  });
});

describe("speech activity", () => {
  it("starts on the first loud frame and stops after the hangover, dated at the last loud frame", () => {
    const activity = new SpeechActivity(300);
    expect(activity.frame(20, false)).toBeUndefined();
    expect(activity.frame(40, true)).toEqual({ speaking: true, atMs: 20 });
    expect(activity.frame(60, true)).toBeUndefined();
    expect(activity.frame(200, false)).toBeUndefined(); // a pause between words
    expect(activity.frame(220, true)).toBeUndefined();
    expect(activity.tick(519)).toBeUndefined();
    expect(activity.tick(520)).toEqual({ speaking: false, atMs: 220 });
    expect(activity.speaking).toBe(false);
  });

  it("stops at once when told (StopAudio emptied the buffer)", () => {
    const activity = new SpeechActivity(300);
    activity.frame(20, true);
    expect(activity.stop(25)).toEqual({ speaking: false, atMs: 25 });
    expect(activity.stop(30)).toBeUndefined();
  });
});

describe("barge-in detection", () => {
  it("is no barge-in when the bot had already gone quiet before the caller began", () => {
    const state = new LiveCallState(T0);
    play(state, [
      [0, { kind: "media-connected" }],
      [100, { kind: "bot-audio", audible: true }],
      [3000, { kind: "caller-speech", speaking: true }],
      // The bot's stop arrives after its hangover, dated at its last loud frame: before the caller began.
      [2900, { kind: "bot-audio", audible: false }],
    ]);
    expect(state.bargeIns).toEqual([]);
    expect(state.turns.at(-1)?.bargeIn).toBeUndefined();
  });
});

describe("plain view", () => {
  it("prints the caller's transcript after the caller's end of speech, whichever arrives first", () => {
    let output = "";
    const write = (text: string) => {
      output += text;
      return true;
    };
    const out = { write } as unknown as NodeJS.WritableStream;
    const view = createLiveView({ out, interactive: false, color: false, title: "t" });
    const state = new LiveCallState(T0);
    for (const [atMs, event] of [
      [1000, { kind: "caller-speech", speaking: true }],
      [2600, { kind: "caller-transcript", text: "Hello?" }],
      [2000, { kind: "caller-speech", speaking: false }],
    ] as [number, LiveEvent][]) {
      const timed = { atEpochMs: T0 + atMs, event };
      state.apply(timed);
      view.event(timed, state);
    }
    view.close(state);
    expect(output.split("\n").filter(Boolean)).toEqual([
      "[  1.0s] caller speaking",
      "[  2.0s] caller stopped",
      '[  2.6s] caller said "Hello?"',
    ]);
  });
});
