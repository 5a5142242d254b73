/**
 * CallerAudioOutput: what the caller hears, observed at the ACS socket (frames, StopAudio) and through
 * what it reports (a reply audible, everything played out).
 */
import { FakeClock, pcm16ToBase64 } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { createCallMetrics } from "../src/session/call-metrics.js";
import { CallerAudioOutput } from "../src/session/caller-audio-output.js";

/** `ms` of 24 kHz model audio as one delta. */
function delta(ms: number): string {
  return pcm16ToBase64(new Int16Array((24_000 * ms) / 1000).fill(1000));
}

function setup() {
  const clock = new FakeClock();
  const acs = { frames: [] as number[], stops: [] as number[] };
  const reports: string[] = [];
  const output = new CallerAudioOutput({
    acs: {
      sendAudio: () => acs.frames.push(clock.now()),
      stopAudio: () => acs.stops.push(clock.now()),
      bufferedBytes: () => 0,
    },
    clock,
    acsHz: 24_000,
    modelHz: 24_000,
    leadMs: 100,
    metrics: createCallMetrics(),
    startedAtMs: 0,
    listener: {
      replyAudible: (responseId) => reports.push(`audible ${responseId} @${clock.now()}`),
      playedOut: () => reports.push(`played-out @${clock.now()}`),
    },
  });
  return { clock, acs, reports, output };
}

describe("CallerAudioOutput", () => {
  it("plays a reply at real time and says when it became audible and when it played out", () => {
    const { clock, acs, reports, output } = setup();
    output.pushDelta("resp_1", "item_1", delta(200));
    output.endItem("item_1");
    expect(output.playing).toBe(true);
    clock.advance(1_000);
    expect(acs.frames).toHaveLength(10);
    expect(reports).toEqual(["audible resp_1 @0", "played-out @200"]);
    expect(output.playing).toBe(false);
  });

  it("does not play out while the item's audio is still coming", () => {
    const { clock, reports, output } = setup();
    output.pushDelta("resp_1", "item_1", delta(40));
    clock.advance(500);
    expect(reports).toEqual(["audible resp_1 @0"]);
    output.pushDelta("resp_1", "item_1", delta(40));
    output.endItem("item_1");
    clock.advance(500);
    expect(reports).toEqual(["audible resp_1 @0", "played-out @540"]);
  });

  it("interrupt: StopAudio at once, nothing more reaches ACS, and where the caller stopped hearing", () => {
    const { clock, acs, output } = setup();
    output.pushDelta("resp_1", "item_1", delta(2_000));
    clock.advance(500);
    const sentBefore = acs.frames.length;
    const interrupted = output.interrupt();
    expect(acs.stops).toEqual([500]);
    expect(interrupted.responseIds).toEqual(["resp_1"]);
    // 100 ms lead: the caller heard what was sent minus what ACS still held
    expect(interrupted.truncated).toEqual({ itemId: "item_1", audioEndMs: 500 });
    expect(interrupted.clearedFrames).toBe(100 - sentBefore);
    clock.advance(2_000);
    expect(acs.frames).toHaveLength(sentBefore);
    expect(output.playing).toBe(false);
  });

  it("stop sends no StopAudio when nothing is playing", () => {
    const { acs, output } = setup();
    expect(output.stop().responseIds).toEqual([]);
    expect(acs.stops).toEqual([]);
  });

  it("plays its own tone without naming a reply", () => {
    const { clock, acs, reports, output } = setup();
    const toneMs = output.playTone([new Uint8Array(960), new Uint8Array(960)]);
    clock.advance(1_000);
    expect(toneMs).toBe(40);
    expect(acs.frames).toHaveLength(2);
    expect(reports).toEqual(["played-out @40"]);
  });
});
