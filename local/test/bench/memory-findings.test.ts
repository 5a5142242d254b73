import { describe, expect, it } from "vitest";
import type { LoadStepOutcome } from "../../src/bench/load-system.js";
import { type MemoryPoint, memoryFindings } from "../../src/bench/memory-findings.js";

const KB = 1024;
const GOALS = { bytesPerCall: 100 * KB, atCalls: 200, p99Ms: 5 };

function point(
  build: string,
  calls: number,
  shape: {
    onceBytes: number;
    perCallBytes: number;
    p99Ms?: number;
    late?: number;
    cpu?: number;
    maxGcMs?: number;
  },
): MemoryPoint {
  const idle = 140 * 2 ** 20;
  const outcome = {
    workerIdleRssBytes: idle,
    workerLoadedRssBytes: idle + shape.onceBytes + shape.perCallBytes * calls,
    workerCpuShare: shape.cpu ?? 0.5,
    gc: {
      count: 10,
      scavenges: 10,
      fullCollections: 0,
      share: 0.01,
      p99Ms: 1,
      maxMs: shape.maxGcMs ?? 2,
      over5Ms: (shape.maxGcMs ?? 2) > 5 ? 1 : 0,
    },
    load: {
      inboundLatencyMs: { p99: shape.p99Ms ?? 2 },
      outboundLatencyMs: { p99: shape.p99Ms ?? 2 },
      outboundFramesLate: shape.late ?? 0,
    },
  } as unknown as LoadStepOutcome;
  return { build, audio: "passthrough", calls, outcome };
}

const CALLS = [25, 100, 200, 300];

describe("memoryFindings (the memory section's verdicts, from its own runs)", () => {
  it("separates what each call costs from what the worker grows once, against the goal", () => {
    const points = CALLS.map((calls) =>
      point("this checkout", calls, { onceBytes: 12 * 2 ** 20, perCallBytes: 60 * KB }),
    );
    const [memory] = memoryFindings(points, [], GOALS);
    expect(memory).toContain("each call costs 60 KB resident (slope) within the goal of 100 KB");
    // 12 MB over 200 calls is 61 KB a call on top of the 60 KB each call costs.
    expect(memory).toContain("(12.0 MB) spread over 200 calls, 121 KB a call (above the goal)");
  });

  it("gives GC pauses per build, before and after", () => {
    const points = [
      ...CALLS.map((calls) =>
        point("before", calls, { onceBytes: 0, perCallBytes: 350 * KB, maxGcMs: calls / 10 }),
      ),
      ...CALLS.map((calls) => point("after", calls, { onceBytes: 0, perCallBytes: 60 * KB })),
    ];
    const findings = memoryFindings(points, [], GOALS).join("\n");
    expect(findings).toContain("against 350 KB before");
    expect(findings).toContain("GC, before: longest pause 30.0 ms over every run, 3 pause(s) over 5 ms");
    expect(findings).toContain("GC, after: longest pause 2.0 ms over every run, 0 pause(s) over 5 ms");
  });

  it("names what ran out at the top point: the worker's CPU when its core was full, the machine otherwise", () => {
    const saturated = CALLS.map((calls) =>
      point("x", calls, { onceBytes: 0, perCallBytes: 60 * KB, p99Ms: 12, late: 40, cpu: 0.9 }),
    );
    expect(memoryFindings(saturated, [], GOALS).join("\n")).toContain(
      "300 calls, passthrough: p99 12.0 ms in, 12.0 ms out, 40 late frame(s): the goal is not met; the worker was busy 90 % of its core",
    );
    expect(memoryFindings(saturated, [], GOALS).join("\n")).toContain("what runs out is its CPU");
    const contended = CALLS.map((calls) =>
      point("x", calls, { onceBytes: 0, perCallBytes: 60 * KB, p99Ms: 12, cpu: 0.6 }),
    );
    expect(memoryFindings(contended, [], GOALS).join("\n")).toContain(
      "neither its core nor collection ran out",
    );
    const fine = CALLS.map((calls) => point("x", calls, { onceBytes: 0, perCallBytes: 60 * KB, p99Ms: 4 }));
    expect(memoryFindings(fine, [], GOALS).join("\n")).toContain("0 late frame(s): the goal is met");
  });

  it("recommends a young-generation flag only when it beats the default on pauses, latency and memory at once", () => {
    const defaults = CALLS.map((calls) =>
      point("this checkout", calls, { onceBytes: 0, perCallBytes: 60 * KB, p99Ms: 6, maxGcMs: 3 }),
    );
    const better = point("`--flag-a`", 300, { onceBytes: 0, perCallBytes: 50 * KB, p99Ms: 4, maxGcMs: 2 });
    const mixed = point("`--flag-b`", 300, { onceBytes: 0, perCallBytes: 90 * KB, p99Ms: 4, maxGcMs: 2 });
    const young = (flags: MemoryPoint[]) => memoryFindings(defaults, flags, GOALS).at(-1);
    expect(young([mixed])).toContain("no size tried beats V8's default");
    expect(young([better, mixed])).toContain("`--flag-a` beat V8's default");
    expect(young([])).toContain("not measured");
  });
});
