/**
 * Call control over real sockets on 127.0.0.1: ACS media client (caller) → media worker → Voice Live
 * emulator. The model ends the call (the goodbye is heard in full, then Call Automation hangs up), calls
 * a lookup tool, hears the caller's keys; Voice Live drops mid-answer and mid-caller-speech (the new
 * session is given the transcript and the call goes on), and is renewed before it expires with nothing
 * lost from what the caller hears.
 */
import { type AcsEmulator, type Scenario, startAcsEmulator } from "@acs-voice/local";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool } from "../src/tools/tool.js";
import {
  functionOutputs,
  GREETING,
  heardMsOf,
  itemTexts,
  REPLY_ADDRESS,
  REPLY_BYE,
  REPLY_ORDER,
  runCall,
  TONE_HZ,
  toneSequence,
} from "./bridge-harness.js";
import { waitFor } from "./worker-harness.js";

let acs: AcsEmulator;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  acs = await startAcsEmulator();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await acs?.close();
});

/** The tone voice speaks 60 ms per character: the full length of a reply as the caller hears it. */
const spokenMs = (text: string) => text.length * 60;

const threeTurns: Scenario = {
  greeting: GREETING,
  fallbackReply: "Say again?",
  turns: [
    { caller: "Where is my order?", reply: REPLY_ORDER },
    { caller: "And the address?", reply: REPLY_ADDRESS },
    { caller: "Thanks a lot.", reply: REPLY_BYE },
  ],
};

describe("end_call", () => {
  it("plays the goodbye in full, then hangs up through Call Automation and closes Voice Live", {
    timeout: 60_000,
  }, async () => {
    const { report, voiceLive, worker, sampleRateHz, clock } = await runCall({
      acs,
      cleanups,
      format: "pcm24KMono",
      scenario: {
        greeting: GREETING,
        turns: [
          { caller: "Thanks a lot.", reply: REPLY_BYE, functionCall: { name: "end_call", arguments: {} } },
        ],
      },
      speed: 2,
      callConnectionId: "conn-end-call",
    });
    const update = voiceLive.sessions[0]?.received.find((m) => m.type === "session.update");
    expect(JSON.stringify(update?.message)).toContain('"name":"end_call"');
    expect(report.endedBy).toBe("worker");
    expect(worker.ended[0]?.reason).toBe("bot-ended");
    const goodbyeHeardMs = heardMsOf(report.heard, sampleRateHz, TONE_HZ.get(REPLY_BYE) as number);
    expect(goodbyeHeardMs).toBeGreaterThanOrEqual(spokenMs(REPLY_BYE) - 60);
    const terminations = acs.requests.filter(
      (r) => r.method === "POST" && r.path.endsWith("/calling/callConnections/conn-end-call:terminate"),
    );
    expect(terminations).toHaveLength(1);
    await waitFor(() => voiceLive.sessions[0]?.closed === true, 5_000, "Voice Live to be closed");
    expect(clock.liveTimers).toBe(0);
  });
});

describe("a lookup tool", () => {
  it("sends the tool's result to the model, which answers with it", { timeout: 60_000 }, async () => {
    const { report, voiceLive, sampleRateHz, worker } = await runCall({
      acs,
      cleanups,
      format: "pcm24KMono",
      scenario: {
        greeting: GREETING,
        turns: [
          {
            caller: "Where is order 1001?",
            functionCall: { name: "lookup_order_status", arguments: { order_number: "1001" } },
            replyAfterFunction: REPLY_ORDER,
          },
          { caller: "Thanks a lot.", reply: REPLY_BYE },
        ],
      },
      speed: 2,
      workerEnv: { TOOLS_EXAMPLES: "true" },
    });
    expect(functionOutputs(voiceLive.sessions[0]?.received ?? [])).toEqual([
      { found: true, status: "shipped", eta: "tomorrow" },
    ]);
    expect(toneSequence(report.heard, sampleRateHz)).toEqual([
      TONE_HZ.get(GREETING),
      TONE_HZ.get(REPLY_ORDER),
      TONE_HZ.get(REPLY_BYE),
    ]);
    expect(worker.ended[0]?.metrics.toolCalls).toBe(1);
  });
});

describe("a tool that does not answer", () => {
  it("keeps the caller informed, then gives the model an error result it can talk about", {
    timeout: 60_000,
  }, async () => {
    let aborted = false;
    const stuck = defineTool({
      name: "check_warranty",
      description: "Checks a warranty (test: never answers).",
      arguments: z.object({ serial: z.string() }),
      timeoutMs: 2_000,
      run: (_args, context) =>
        new Promise(() => {
          context.signal.addEventListener("abort", () => {
            aborted = true;
          });
        }),
    });
    const { voiceLive, worker } = await runCall({
      acs,
      cleanups,
      format: "pcm24KMono",
      scenario: {
        greeting: GREETING,
        turns: [
          {
            caller: "Is my kettle under warranty?",
            functionCall: { name: "check_warranty", arguments: { serial: "K-1" } },
            replyAfterFunction: REPLY_ADDRESS,
          },
        ],
      },
      speed: 2,
      workerEnv: { TOOL_FILLER_AFTER_MS: "500" },
      workerDeps: { tools: [stuck] },
    });
    const received = voiceLive.sessions[0]?.received ?? [];
    const creates = received.filter((m) => m.type === "response.create");
    // greeting, the filler after 500 ms, and the answer after the error result
    expect(creates.map((m) => JSON.stringify(m.message))).toEqual([
      expect.stringContaining("Greet the caller"),
      expect.stringContaining("checking"),
      expect.not.stringContaining("instructions"),
    ]);
    expect(String(functionOutputs(received)[0]?.error)).toContain("did not answer in time");
    expect(aborted).toBe(true);
    expect(worker.ended[0]?.metrics.toolFailures).toBe(1);
  });
});

describe("DTMF", () => {
  it("sends the caller's key sequence to the model as text and asks for an answer", {
    timeout: 60_000,
  }, async () => {
    const { voiceLive, worker } = await runCall({
      acs,
      cleanups,
      format: "pcm16KMono",
      scenario: { greeting: GREETING, turns: [{ caller: "Thanks a lot.", reply: REPLY_BYE }] },
      speed: 2,
      during: async ({ client }) => {
        await waitFor(() => client.received.some((m) => m.kind === "AudioData"), 10_000, "the greeting");
        client.sendDtmf("12");
        await new Promise((resolve) => setTimeout(resolve, 300));
        client.sendDtmf("3#");
      },
    });
    const received = voiceLive.sessions[0]?.received ?? [];
    expect(itemTexts(received)).toEqual([
      { role: "user", text: "The caller pressed these keys on the phone keypad: 123#" },
    ]);
    const itemAt = received.findIndex((m) => m.type === "conversation.item.create");
    expect(received.slice(itemAt + 1).some((m) => m.type === "response.create")).toBe(true);
    expect(worker.ended[0]?.metrics.dtmfSequences).toBe(1);
  });
});

describe("Voice Live drops", () => {
  it("mid-answer: the new session gets the transcript so far and the call goes on", {
    timeout: 60_000,
  }, async () => {
    const { report, voiceLive, worker, sampleRateHz } = await runCall({
      acs,
      cleanups,
      format: "pcm24KMono",
      scenario: threeTurns,
      speed: 2,
      faults: { closeMidResponse: { afterAudioDeltas: 2, atResponse: 3 }, closeCode: 1006 },
      during: async ({ voiceLive: emulator }) => {
        await waitFor(() => emulator.sessions[0]?.closed === true, 20_000, "the first session to drop");
        emulator.setFaults({});
      },
    });
    expect(voiceLive.sessions).toHaveLength(2);
    const restored = itemTexts(voiceLive.sessions[1]?.received ?? []);
    expect(restored).toEqual([
      { role: "assistant", text: GREETING },
      { role: "user", text: "Where is my order?" },
      { role: "assistant", text: REPLY_ORDER },
      { role: "user", text: "And the address?" },
    ]);
    expect(toneSequence(report.heard, sampleRateHz).at(-1)).toBe(TONE_HZ.get(REPLY_BYE));
    expect(worker.ended[0]?.metrics.voiceLiveReconnects).toBe(1);
    expect(worker.ended[0]?.reason).toBe("caller-hung-up");
  });

  it("mid-caller-speech: the rest of the sentence reaches the new session and is answered", {
    timeout: 60_000,
  }, async () => {
    const { report, voiceLive, worker, sampleRateHz } = await runCall({
      acs,
      cleanups,
      format: "pcm24KMono",
      scenario: threeTurns,
      speed: 2,
      during: async ({ voiceLive: emulator }) => {
        // the caller is saying their second line when the connection goes
        await waitFor(
          () =>
            (emulator.sessions[0]?.sent.filter((e) => e.type === "input_audio_buffer.speech_started")
              .length ?? 0) >= 2,
          20_000,
          "the caller's second line",
        );
        emulator.sessions[0]?.close(1006);
      },
    });
    expect(voiceLive.sessions).toHaveLength(2);
    expect(itemTexts(voiceLive.sessions[1]?.received ?? [])).toEqual([
      { role: "assistant", text: GREETING },
      { role: "user", text: "Where is my order?" },
      { role: "assistant", text: REPLY_ORDER },
    ]);
    // no answer was lost, so nothing is re-asked; the sentence in flight is answered by the new session
    expect(voiceLive.sessions[1]?.received.some((m) => m.type === "response.create")).toBe(false);
    const tones = toneSequence(report.heard, sampleRateHz);
    expect(tones.slice(-2)).toEqual([TONE_HZ.get(REPLY_ADDRESS), TONE_HZ.get(REPLY_BYE)]);
    expect(worker.ended[0]?.metrics.voiceLiveReconnects).toBe(1);
  });
});

describe("Voice Live renewal", () => {
  it("swaps in a new session before the old one expires, between turns, with nothing lost", {
    timeout: 60_000,
  }, async () => {
    const { report, voiceLive, worker, sampleRateHz } = await runCall({
      acs,
      cleanups,
      format: "pcm24KMono",
      scenario: {
        greeting: GREETING,
        turns: [
          { caller: "Where is my order?", reply: REPLY_ORDER },
          { caller: "Thanks a lot.", reply: REPLY_BYE },
        ],
      },
      speed: 1,
      voiceLiveOptions: { sessionLifetimeMs: 9_000 },
      workerEnv: { VOICE_LIVE_RENEW_MARGIN_SECONDS: "5" },
    });
    // each session lives 9 s and is replaced 5 s before that: at least once in this call
    const renewals = worker.ended[0]?.metrics.voiceLiveRenewals ?? 0;
    expect(renewals).toBeGreaterThanOrEqual(1);
    expect(worker.ended[0]?.metrics.voiceLiveReconnects).toBe(0);
    expect(voiceLive.sessions).toHaveLength(renewals + 1);
    for (const replaced of voiceLive.sessions.slice(0, -1)) {
      expect(replaced.closeCode).toBe(1000); // closed by the worker, never expired (1001)
    }
    const second = voiceLive.sessions[1]?.received ?? [];
    expect(second[0]?.type).toBe("session.update");
    expect(itemTexts(second).length).toBeGreaterThan(0);
    // every reply was heard whole and in order, and no StopAudio was needed
    expect(toneSequence(report.heard, sampleRateHz)).toEqual([
      TONE_HZ.get(GREETING),
      TONE_HZ.get(REPLY_ORDER),
      TONE_HZ.get(REPLY_BYE),
    ]);
    for (const reply of [GREETING, REPLY_ORDER, REPLY_BYE]) {
      const heardMs = heardMsOf(report.heard, sampleRateHz, TONE_HZ.get(reply) as number);
      expect(heardMs).toBeGreaterThanOrEqual(spokenMs(reply) - 60);
    }
    expect(report.stopAudioCount).toBe(0);
  });
});
