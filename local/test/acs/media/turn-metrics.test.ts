import { describe, expect, it } from "vitest";
import { TurnMetrics, type TurnReport } from "../../../src/acs/media/turn-metrics.js";

type Span = [startMs: number, endMs: number];
const FRAME_MS = 20;

/** Feeds a scripted call, frame by frame: who is audible when. */
function measure(caller: Span[], bot: Span[], totalMs: number): TurnReport {
  const metrics = new TurnMetrics({ frameMs: FRAME_MS, callerHangoverMs: 500, botHangoverMs: 400 });
  const within = (spans: Span[], ms: number) => spans.some(([start, end]) => ms >= start && ms < end);
  for (let index = 0; index * FRAME_MS < totalMs; index++) {
    metrics.observe(index, within(caller, index * FRAME_MS), within(bot, index * FRAME_MS));
  }
  return metrics.finish();
}

describe("TurnMetrics", () => {
  it("measures caller stop -> first bot audio heard", () => {
    const report = measure([[0, 1000]], [[1220, 2720]], 4000);
    expect(report.callerSpeechEndsMs).toEqual([1000]);
    expect(report.firstBotAudioAfterCallerStopMs).toEqual([220]);
    expect(report.bargeInStopMs).toEqual([]);
    expect(report.botOnsetsMs).toEqual([1220]);
  });

  it("does not split an utterance on a pause shorter than the hangover", () => {
    const report = measure(
      [
        [0, 400],
        [600, 1000],
      ],
      [[1300, 1800]],
      3000,
    );
    expect(report.callerSpeechEndsMs).toEqual([1000]);
    expect(report.firstBotAudioAfterCallerStopMs).toEqual([300]);
  });

  it("counts a bot that starts during the hangover that confirms the caller stopped", () => {
    const report = measure([[0, 1000]], [[1100, 1600]], 3000);
    expect(report.firstBotAudioAfterCallerStopMs).toEqual([100]);
  });

  it("measures barge-in from the caller's start to the bot falling silent, then the next answer", () => {
    const report = measure(
      [
        [0, 1000],
        [2000, 2600],
      ],
      [
        [1220, 2220],
        [3020, 3520],
      ],
      5000,
    );
    expect(report.callerSpeechEndsMs).toEqual([1000, 2600]);
    expect(report.firstBotAudioAfterCallerStopMs).toEqual([220, 420]);
    expect(report.bargeInStopMs).toEqual([220]);
    expect(report.utterances.map((utterance) => utterance.bargeIn)).toEqual([false, true]);
  });

  it("treats a gap between the bot's words as still talking", () => {
    const report = measure(
      [[1100, 1500]],
      [
        [0, 1000],
        [1200, 3000],
      ],
      4000,
    );
    expect(report.bargeInStopMs).toEqual([1900]);
    expect(report.botOnsetsMs).toEqual([0]);
  });

  it("is no barge-in when the bot had already finished, even inside its hangover", () => {
    const report = measure([[1100, 1500]], [[0, 1000]], 3000);
    expect(report.bargeInStopMs).toEqual([]);
    expect(report.utterances[0]?.bargeIn).toBe(false);
  });

  it("gives NaN to an utterance the bot never answered before the caller spoke again", () => {
    const report = measure(
      [
        [0, 500],
        [1500, 2000],
      ],
      [[2300, 2800]],
      4000,
    );
    expect(report.callerSpeechEndsMs).toEqual([500, 2000]);
    expect(report.firstBotAudioAfterCallerStopMs).toEqual([Number.NaN, 300]);
  });

  it("gives NaN to a barge-in the bot never honoured before the call ended", () => {
    const report = measure([[500, 1000]], [[0, 3000]], 3000);
    expect(report.bargeInStopMs).toEqual([Number.NaN]);
  });

  it("ends a barge-in when the call ends after the bot went quiet but before its hangover ran out", () => {
    const report = measure([[500, 1000]], [[0, 1200]], 1400);
    expect(report.bargeInStopMs).toEqual([700]);
  });
});
