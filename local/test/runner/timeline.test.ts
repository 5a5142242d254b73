import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { deriveTurns } from "../../src/runner/call-timeline.js";
import { findSpeechSegments } from "../../src/runner/speech-segments.js";
import { renderTimelineSvg } from "../../src/runner/timeline-svg.js";

const RATE = 16_000;

function track(durationMs: number, speech: [number, number][]): Int16Array {
  const samples = new Int16Array((durationMs * RATE) / 1000);
  for (const [from, to] of speech) {
    for (let i = (from * RATE) / 1000; i < (to * RATE) / 1000; i++) {
      samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 220 * i) / RATE));
    }
  }
  return samples;
}

describe("speech segments", () => {
  it("finds each utterance within a frame, merging short pauses", () => {
    const segments = findSpeechSegments(
      track(5000, [
        [500, 1500],
        [1700, 2000],
        [3000, 4000],
      ]),
      RATE,
    );
    expect(segments).toHaveLength(2);
    expect(segments[0]?.startMs).toBe(500);
    expect(segments[0]?.endMs).toBe(2000);
    expect(segments[1]?.startMs).toBe(3000);
    expect(segments[1]?.endMs).toBe(4000);
  });

  it("ignores silence and clicks", () => {
    expect(findSpeechSegments(track(3000, [[1000, 1040]]), RATE)).toEqual([]);
  });
});

describe("turns", () => {
  it("measures caller-stop to bot-start latency and detects a barge-in", () => {
    const caller = [
      { startMs: 1000, endMs: 2000 },
      { startMs: 4000, endMs: 5000 },
    ];
    const { turnLatencies, bargeIns, interruptedBot } = deriveTurns(caller, [
      { startMs: 2600, endMs: 6000 },
      { startMs: 5700, endMs: 7000 },
    ]);
    expect(turnLatencies.map((t) => t.latencyMs)).toEqual([600, 700]);
    expect(bargeIns).toEqual([{ atMs: 4000, stopAfterMs: 2000 }]);
    expect([...interruptedBot]).toEqual([0]);
  });
});

describe("timeline svg", () => {
  it("is well-formed XML with a bar per segment and escaped labels", () => {
    const svg = renderTimelineSvg(
      {
        durationMs: 8000,
        caller: [{ startMs: 1000, endMs: 2000, text: "a <b> & c" }],
        bot: [{ startMs: 2500, endMs: 5000, interrupted: true }],
        bargeIns: [{ atMs: 4000, stopAfterMs: 80 }],
        toolCalls: [{ atMs: 6000, name: "end_call" }],
        turnLatencies: [{ callerStopMs: 2000, botStartMs: 2500, latencyMs: 500 }],
      },
      "t",
    );
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<rect [^>]*rx="3"/g)).toHaveLength(2);
    expect(svg).toContain("a &#60;b&#62; &#38; c");
    expect(svg).toContain("500 ms");
    expect(svg).toContain("stopped in 80 ms");
    expect(svg).toContain("tool: end_call");
    expect(XMLValidator.validate(svg)).toBe(true);
  });
});
