/**
 * Barge-in, as the peers observe it: on `speech_started` during an answer ACS gets StopAudio at once and
 * no audio of the interrupted response afterwards (even deltas arriving late); Voice Live gets a
 * truncate at what the caller heard (sent minus ACS's buffer), a cancel only when the service does not
 * cancel by itself, and nothing when the bot was silent.
 */

import { FakeClock } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import {
  audioDelta,
  createTestCall,
  rampSamples,
  responseCreated,
  responseDone,
  speechStarted,
} from "./fakes.js";

const SAMPLES_PER_MS = 24;

function startLongAnswer(settings: Parameters<typeof createTestCall>[1] = {}) {
  const clock = new FakeClock();
  const call = createTestCall(clock, { greeting: "", ...settings });
  call.openVoiceLive();
  call.serverEvent(responseCreated("resp_1"));
  // 5 s of answer generated up front, as the model does (faster than real time)
  call.serverEvent(audioDelta("resp_1", "item_1", rampSamples(5_000 * SAMPLES_PER_MS)));
  return { clock, ...call };
}

describe("barge-in", () => {
  it("stops ACS, truncates at what was heard, and lets the service cancel by itself", () => {
    const { clock, acs, voiceLive, session, serverEvent } = startLongAnswer();
    clock.advance(1_000);
    const audioBefore = acs.audio.length;
    serverEvent(speechStarted());
    expect(acs.sent[acs.sent.length - 1]?.kind).toBe("stop");
    expect(voiceLive.ofType("response.cancel")).toHaveLength(0);
    const [truncate] = voiceLive.ofType("conversation.item.truncate");
    // 1000 ms played; the 60 ms lead still in ACS was never heard
    expect(truncate).toEqual({
      type: "conversation.item.truncate",
      item_id: "item_1",
      content_index: 0,
      audio_end_ms: 1_000,
    });
    expect(audioBefore * 20).toBe(1_060);
    expect(session.metrics.bargeIns).toBe(1);
    expect(session.metrics.outboundCleared).toBe(250 - audioBefore);
  });

  it("sends no audio of the interrupted response after StopAudio, even deltas that arrive late", () => {
    const { clock, acs, session, serverEvent } = startLongAnswer();
    clock.advance(500);
    serverEvent(speechStarted());
    const stopAt = acs.sent.length;
    serverEvent(audioDelta("resp_1", "item_1", rampSamples(2_400)));
    serverEvent({
      type: "response.audio.done",
      response_id: "resp_1",
      item_id: "item_1",
      output_index: 0,
      content_index: 0,
    });
    serverEvent(responseDone("resp_1", "cancelled"));
    clock.advance(3_000);
    expect(acs.sent.length).toBe(stopAt);
    expect(session.metrics.staleDeltasDropped).toBe(1);
    // the next answer plays normally
    serverEvent(responseCreated("resp_2"));
    serverEvent(audioDelta("resp_2", "item_2", rampSamples(480)));
    expect(acs.sent.length).toBe(stopAt + 1);
  });

  it("cancels the response itself when the session does not let the service interrupt", () => {
    const { clock, voiceLive, serverEvent } = startLongAnswer({ serviceInterruptsResponse: false });
    clock.advance(300);
    serverEvent(speechStarted());
    expect(voiceLive.sent.slice(-2).map((e) => e.type)).toEqual([
      "response.cancel",
      "conversation.item.truncate",
    ]);
    expect(voiceLive.ofType("session.update")[0]?.session.turn_detection).toMatchObject({
      interrupt_response: false,
    });
  });

  it("does not cancel a response that is already done, but still truncates what is playing", () => {
    const { clock, voiceLive, serverEvent } = startLongAnswer({ serviceInterruptsResponse: false });
    serverEvent(responseDone("resp_1"));
    clock.advance(2_000);
    serverEvent(speechStarted());
    expect(voiceLive.ofType("response.cancel")).toHaveLength(0);
    expect(voiceLive.ofType("conversation.item.truncate")[0]?.audio_end_ms).toBe(2_000);
  });

  it("does nothing when the bot is silent", () => {
    const clock = new FakeClock();
    const { acs, voiceLive, session, openVoiceLive, serverEvent } = createTestCall(clock, { greeting: "" });
    openVoiceLive();
    serverEvent(speechStarted());
    expect(acs.sent).toHaveLength(0);
    expect(voiceLive.sent.map((e) => e.type)).toEqual(["session.update"]);
    expect(session.metrics.bargeIns).toBe(0);
  });

  it("stops but does not truncate when the response had produced no audible audio yet", () => {
    const clock = new FakeClock();
    const { acs, voiceLive, openVoiceLive, serverEvent } = createTestCall(clock, { greeting: "" });
    openVoiceLive();
    serverEvent(responseCreated("resp_1"));
    serverEvent(speechStarted());
    expect(acs.sent.map((m) => m.kind)).toEqual(["stop"]);
    expect(voiceLive.ofType("conversation.item.truncate")).toHaveLength(0);
  });

  it("never truncates beyond the audio received, even when the answer was short and fully sent", () => {
    const clock = new FakeClock();
    const { voiceLive, openVoiceLive, serverEvent } = createTestCall(clock, { greeting: "" });
    openVoiceLive();
    serverEvent(responseCreated("resp_1"));
    serverEvent(audioDelta("resp_1", "item_1", rampSamples(110 * SAMPLES_PER_MS)));
    serverEvent({
      type: "response.audio.done",
      response_id: "resp_1",
      item_id: "item_1",
      output_index: 0,
      content_index: 0,
    });
    clock.advance(115);
    serverEvent(speechStarted());
    const [truncate] = voiceLive.ofType("conversation.item.truncate");
    expect(truncate?.audio_end_ms).toBeLessThanOrEqual(110);
    expect(truncate?.audio_end_ms).toBeGreaterThan(0);
  });

  it("handles a second barge-in on the next answer the same way", () => {
    const { clock, acs, voiceLive, serverEvent } = startLongAnswer();
    clock.advance(400);
    serverEvent(speechStarted());
    serverEvent(responseDone("resp_1", "cancelled"));
    serverEvent(responseCreated("resp_2"));
    serverEvent(audioDelta("resp_2", "item_2", rampSamples(3_000 * SAMPLES_PER_MS)));
    clock.advance(700);
    serverEvent(speechStarted());
    expect(acs.sent.filter((m) => m.kind === "stop")).toHaveLength(2);
    expect(voiceLive.ofType("conversation.item.truncate").map((t) => [t.item_id, t.audio_end_ms])).toEqual([
      ["item_1", 400],
      ["item_2", 700],
    ]);
  });
});
