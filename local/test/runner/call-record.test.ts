import { describe, expect, it } from "vitest";
import type { MediaCallReport } from "../../src/acs/media/index.js";
import { buildCallRecord } from "../../src/runner/call-record.js";
import { summaryRows } from "../../src/runner/call-summary.js";
import type { ConversationItemSummary } from "../../src/runner/ipc-messages.js";
import { LiveCallState } from "../../src/runner/live-call-state.js";
import { workerCallMetrics } from "../../src/runner/worker-metrics.js";

const RATE = 16_000;
const START = 1_700_000_000_000;

function track(durationMs: number, speech: [number, number][]): Int16Array {
  const samples = new Int16Array((durationMs * RATE) / 1000);
  for (const [from, to] of speech) {
    for (let i = (from * RATE) / 1000; i < (to * RATE) / 1000; i++) {
      samples[i] = Math.round(6000 * Math.sin((2 * Math.PI * 300 * i) / RATE));
    }
  }
  return samples;
}

/** Greeting; question answered in 600 ms; the caller cuts the second answer at 5 s; goodbye answered. */
function report(): MediaCallReport {
  return {
    sent: track(10_000, [
      [1000, 2000],
      [5000, 6000],
    ]),
    heard: track(10_000, [
      [200, 900],
      [2600, 5100],
      [6600, 8000],
    ]),
    framesSent: 500,
    framesReceived: 230,
    stopAudioCount: 1,
    callerSpeechEndsMs: [2000, 6000],
    firstBotAudioAfterCallerStopMs: [600, 600],
    bargeInStopMs: [100],
    closeCode: 1000,
    closeReason: "",
    endedBy: "caller",
    upgradeStatus: undefined,
    playoutGaps: 0,
    playoutGapMs: 0,
    errorCode: undefined,
    sampleRateHz: RATE,
    startEpochMs: START,
    heardFrames: [],
    utterances: [
      { startMs: 1000, endMs: 2000, botAudioAfterMs: 600, bargeIn: false },
      { startMs: 5000, endMs: 6000, botAudioAfterMs: 600, bargeIn: true },
    ],
    bargeIns: [{ callerStartMs: 5000, botStopMs: 5100 }],
    botOnsetsMs: [200, 2600, 6600],
    dtmfSent: [],
    malformedCount: 0,
    unknownCount: 0,
    botAudioOverflowMs: 0,
    botAudioStoppedMs: 1200,
    framesDroppedBackpressure: 2,
    receivedNotRecorded: 0,
    recordingTruncated: false,
  };
}

const item = (
  atMs: number,
  type: ConversationItemSummary["type"],
  role: string | undefined,
  text: string,
  extra: Partial<ConversationItemSummary> = {},
): ConversationItemSummary => ({
  type,
  role,
  text,
  fullText: text,
  truncatedAtMs: undefined,
  name: undefined,
  arguments: undefined,
  createdAtEpochMs: START + atMs,
  ...extra,
});

const CONVERSATION = [
  item(150, "message", "assistant", "Hello."),
  item(2400, "message", "user", "What are your hours?"),
  item(2450, "message", "assistant", "We are open from eight", {
    fullText: "We are open from eight to six every day.",
    truncatedAtMs: 2500,
  }),
  item(6300, "message", "user", "Thanks, bye."),
  item(6400, "message", "assistant", "Goodbye!"),
  item(7000, "function_call", undefined, "", { name: "end_call", arguments: '{"reason":"bye"}' }),
];

describe("call record", () => {
  it("places every line of the conversation at the speech that carried it", () => {
    const { transcript } = buildCallRecord({ callId: "c1", report: report(), conversation: CONVERSATION });
    expect(transcript.startedAt).toBe(new Date(START).toISOString());
    expect(
      transcript.entries.map((e) => [e.speaker, Math.round(e.atMs), e.text, e.interrupted ?? false]),
    ).toEqual([
      ["bot", 200, "Hello.", false],
      ["caller", 1000, "What are your hours?", false],
      ["bot", 2600, "We are open from eight", true],
      ["caller", 5000, "Thanks, bye.", false],
      ["bot", 6600, "Goodbye!", false],
      ["tool", 7000, 'end_call({"reason":"bye"})', false],
    ]);
    expect(transcript.entries[2]?.fullText).toBe("We are open from eight to six every day.");
  });

  it("draws the measured latencies, the barge-in, the cut answer and the tool call", () => {
    const { timeline } = buildCallRecord({
      callId: "c1",
      report: report(),
      conversation: CONVERSATION,
      endLabel: "caller hung up",
    });
    expect(timeline.durationMs).toBe(10_000);
    expect(timeline.caller.map((s) => [s.startMs, s.endMs, s.text])).toEqual([
      [1000, 2000, "What are your hours?"],
      [5000, 6000, "Thanks, bye."],
    ]);
    expect(timeline.bot.map((s) => s.interrupted)).toEqual([false, true, false]);
    expect(timeline.turnLatencies.map((t) => t.latencyMs)).toEqual([600, 600]);
    expect(timeline.bargeIns).toEqual([{ atMs: 5000, stopAfterMs: 100 }]);
    expect(timeline.toolCalls).toEqual([{ atMs: 7000, name: "end_call" }]);
    expect(timeline.firstAudioMs).toBe(200);
    expect(timeline.end).toEqual({ atMs: 10_000, label: "caller hung up" });
  });
});

describe("summary", () => {
  it("lists first audio, every turn's latency, the barge-in, frames, drops and tokens", () => {
    const state = new LiveCallState(START - 2000);
    state.apply({ atEpochMs: START - 300, event: { kind: "call-state", state: "connecting" } });
    state.ringEpochMs = START - 500;
    state.apply({ atEpochMs: START, event: { kind: "media-connected" } });
    const rows = new Map(
      summaryRows({ report: report(), state, endedBy: "caller hung up", artifactsDir: "/x" }),
    );
    expect(rows.get("Call ended")).toBe("caller hung up");
    expect(rows.get("Ring → media connected")).toBe("500 ms");
    expect(rows.get("Time to first audio (greeting)")).toBe("200 ms");
    expect(rows.get("Turn 1: caller stop → bot audio")).toBe("600 ms");
    expect(rows.get("Turn 2: caller stop → bot audio")).toBe("600 ms");
    expect(rows.get("Barge-in 1: bot audio stopped")).toBe("100 ms");
    expect(rows.get("Frames caller → worker")).toBe("500 (20 ms each)");
    expect(rows.get("Frames worker → caller")).toBe("230 AudioData, 1 StopAudio");
    expect(rows.get("Dropped")).toContain("2 caller frames");
    expect(rows.get("Tokens (Voice Live)")).toBe("0 total: 0 in (0 cached), 0 out, 0 responses");
    expect(rows.get("Artifacts")).toBe("/x");
  });
});

describe("worker metrics", () => {
  it("reads the counters of the last call the worker logged as ended", () => {
    const log = [
      '{"level":30,"msg":"media worker listening","port":1}',
      "not json",
      '{"level":30,"msg":"call ended","reason":"bot-ended","metrics":{"framesIn":873,"framesOut":439,"inboundDropped":0,"outboundDropped":2,"timeToFirstAudioMs":210,"bargeIns":1,"toolCalls":1}}',
      '{"level":30,"msg":"media worker stopped"}',
    ].join("\n");
    expect(workerCallMetrics(log)).toEqual({
      reason: "bot-ended",
      framesIn: 873,
      framesOut: 439,
      inboundDropped: 0,
      outboundDropped: 2,
      timeToFirstAudioMs: 210,
      bargeIns: 1,
      toolCalls: 1,
    });
    expect(workerCallMetrics('{"msg":"media worker listening"}\n')).toBeUndefined();
  });
});
