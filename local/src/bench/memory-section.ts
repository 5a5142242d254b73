import os from "node:os";
import type { AcsAudioFormat } from "@acs-voice/shared";
import { type BaselineBuild, buildBaseline } from "./baseline-build.js";
import { type HeapBreakdown, heapBreakdown } from "./heap-breakdown.js";
import { type GcPauses, type LoadStepOutcome, LoadSystem } from "./load-system.js";
import { type MemoryPoint, memoryFindings, residentFit } from "./memory-findings.js";
import type { BenchContext, BenchSection } from "./section.js";

// The worker's cost per call as the number of calls grows, from the same load as the load section: CPU
// per call-second, resident memory per call, garbage-collection pauses, and what still reaches the
// caller late. With BENCH_BASELINE=<git revision>, the same runs of that revision's worker side by side.

interface Case {
  label: string;
  format: AcsAudioFormat;
  modelSampleRateHz: 16000 | 24000;
}
const CASES: Case[] = [
  { label: "passthrough", format: "pcm24KMono", modelSampleRateHz: 24000 },
  { label: "resampling", format: "pcm16KMono", modelSampleRateHz: 24000 },
];
const MEMORY_GOAL_BYTES = 100 * 1024;
const MEMORY_GOAL_AT_CALLS = 200;
const P99_GOAL_MS = 5;
const BREAKDOWN_CALLS = 200;
/** Young-generation sizes tried against V8's default (16 MB semi-spaces on 64-bit), at the top point. */
const SEMI_SPACE_FLAGS = ["--max-semi-space-size=4", "--max-semi-space-size=32"];

interface Row {
  build: string;
  c: Case;
  calls: number;
  outcome: LoadStepOutcome;
  /** Resident memory per call added since the previous point of the same build and case. */
  marginalBytes?: number;
}

function plan(context: BenchContext) {
  return context.quick
    ? { points: [25, 200], warmupMs: 2_000, measureMs: 5_000, breakdown: false, flags: false }
    : { points: [25, 100, 200, 300], warmupMs: 3_000, measureMs: 10_000, breakdown: true, flags: true };
}

export const memorySection: BenchSection = {
  title: "Media worker per call as calls grow: CPU, memory, GC pauses",
  async run(context) {
    const { points, warmupMs, measureMs, breakdown, flags } = plan(context);
    const baselineRevision = process.env.BENCH_BASELINE;
    let baseline: BaselineBuild | undefined;
    const system = await LoadSystem.start();
    const loadAtStart = os.loadavg()[0] ?? 0;
    try {
      if (baselineRevision) {
        progress(`building the baseline ${baselineRevision}`);
        baseline = buildBaseline(baselineRevision);
      }
      const builds: { name: string; workerMain: string | undefined }[] = [
        ...(baseline ? [{ name: `before (${baseline.revision})`, workerMain: baseline.workerMain }] : []),
        { name: baseline ? "after (this checkout)" : "this checkout", workerMain: undefined },
      ];
      const rows: Row[] = [];
      for (const c of CASES) {
        for (const calls of points) {
          for (const build of builds) {
            const outcome = await system.step({
              format: c.format,
              modelSampleRateHz: c.modelSampleRateHz,
              calls,
              warmupMs,
              measureMs,
              ...(build.workerMain ? { workerMain: build.workerMain } : {}),
            });
            progress(`${build.name} ${c.label} ${calls} calls: ${perCallKb(outcome, calls)} KB per call`);
            const previous = rows.findLast((row) => row.build === build.name && row.c === c);
            rows.push({
              build: build.name,
              c,
              calls,
              outcome,
              ...(previous ? { marginalBytes: marginalBytes(previous, outcome, calls) } : {}),
            });
          }
        }
      }
      const flagRows: Row[] = [];
      if (flags) {
        const top = points[points.length - 1] as number;
        for (const c of CASES) {
          for (const flag of SEMI_SPACE_FLAGS) {
            const outcome = await system.step({
              format: c.format,
              modelSampleRateHz: c.modelSampleRateHz,
              calls: top,
              warmupMs,
              measureMs,
              nodeFlags: flag,
            });
            progress(`${flag} ${c.label} ${top} calls: ${perCallKb(outcome, top)} KB per call`);
            flagRows.push({ build: `this checkout, \`${flag}\``, c, calls: top, outcome });
          }
        }
      }
      let heap: HeapBreakdown | undefined;
      if (breakdown) {
        const first = CASES[0] as Case;
        const outcome = await system.step({
          format: first.format,
          modelSampleRateHz: first.modelSampleRateHz,
          calls: BREAKDOWN_CALLS,
          warmupMs,
          measureMs,
          heapSnapshots: true,
        });
        const [idle, loaded] = outcome.heapSnapshotFiles;
        if (idle && loaded) heap = heapBreakdown(idle, loaded, BREAKDOWN_CALLS);
      }
      return render(rows, flagRows, heap, {
        warmupMs,
        measureMs,
        loadAtStart,
        loadAtEnd: os.loadavg()[0] ?? 0,
      });
    } finally {
      baseline?.remove();
      await system.close();
    }
  },
};

function render(
  rows: Row[],
  flagRows: Row[],
  heap: HeapBreakdown | undefined,
  run: { warmupMs: number; measureMs: number; loadAtStart: number; loadAtEnd: number },
): string {
  const lines = [
    "The same system and load as the next section (a fresh worker process per run, pinned to one core; the",
    "load generator on the other), at each number of calls once. CPU = the worker's CPU time over the",
    "measured window per call-second; memory = resident memory (VmRSS, highest sample of the window) minus the",
    "same fresh process idle, per call (it includes what grows once per process under load, such as compiled",
    "code and the young generation reaching its size, so it falls as calls grow); per added call = the",
    "growth from the previous number of calls, divided by the calls added; GC = the worker's garbage-collection pauses inside the window",
    "(PerformanceObserver on `gc` in the worker): the share of the window the main thread stood still, the",
    "longest pause and how many exceeded 5 ms. Late = bot frames more than 20 ms behind their pacing slot at",
    `the caller; p99 = added latency as defined below. ${run.warmupMs / 1000} s warm-up, ${run.measureMs / 1000} s measured per run.`,
    `Goal: ≤ ${MEMORY_GOAL_BYTES / 1024} KB per call at ${MEMORY_GOAL_AT_CALLS} calls; p99 ≤ 5 ms both ways with no late frame at 300.`,
    `Load average (1 min) at the start: ${run.loadAtStart.toFixed(2)}; at the end: ${run.loadAtEnd.toFixed(2)}.`,
    "",
    ...table(rows),
    "",
    ...fits(rows),
  ];
  if (flagRows.length > 0) {
    lines.push(
      "",
      "### V8's young generation",
      "",
      "The same runs at the highest number of calls with a smaller and a larger young generation than V8's",
      "default. Nearly everything the media path allocates dies within a frame, so the young generation decides",
      "how often the worker stops to collect it and how much survives into the old generation. The Dockerfile",
      "sets a flag only where a row here beats the default on pauses, latency and memory together.",
      "",
      ...table(flagRows),
    );
  }
  if (heap) {
    lines.push(
      "",
      `### Where a call's memory goes (${BREAKDOWN_CALLS} passthrough calls)`,
      "",
      `Two heap snapshots of one worker (\`v8.writeHeapSnapshot\`, on SIGUSR2): idle, then half-way through the measured window with ${BREAKDOWN_CALLS} calls up; the difference of each kind of object's self size, per call. The live JavaScript heap grows ${(heap.bytesPerCall / 1024).toFixed(1)} KB per call (${mb(heap.idleBytes)} MB idle, ${mb(heap.loadedBytes)} MB loaded); what resident memory holds beyond that is garbage waiting for a collection and the heap's own headroom.`,
      "",
      "| what | bytes per call | objects per call |",
      "| --- | ---: | ---: |",
      ...heap.shares.map(
        (s) =>
          `| ${s.what} | ${Math.round(s.bytesPerCall).toLocaleString("en-US")} | ${s.objectsPerCall.toFixed(1)} |`,
      ),
      "",
      "Of these, the array-buffer data is the bot's audio waiting in the pacer (the load's answers arrive at twice",
      "real time, so a call holds up to 1.5 s of them) and `(code)` is compiled code, grown once and not per call;",
      "the rest is the call's objects: its two WebSockets, the session and its parts.",
    );
  }
  lines.push(
    "",
    "### What the runs say",
    "",
    ...memoryFindings(rows.map(toPoint), flagRows.map(toPoint), {
      bytesPerCall: MEMORY_GOAL_BYTES,
      atCalls: MEMORY_GOAL_AT_CALLS,
      p99Ms: P99_GOAL_MS,
    }),
    "",
    "What changed against the `before` build: the bot's frames and their records come from a pool per worker",
    "(FramePool) instead of one allocation per frame that waited long enough in the pacer to reach the old",
    "generation; the pacer's queue is a ring that keeps its size; resamplers share one WebAssembly kernel per",
    "process, each filter's table stored once, instead of an instance and memory each; deltas decode into",
    "one scratch buffer.",
  );
  return lines.join("\n");
}

function table(rows: Row[]): string[] {
  const lines = [
    "| build | audio | calls | CPU ms per call-s | RSS per call (KB) | per added call (KB) | GC time | longest GC pause (ms) | GC pauses > 5 ms | inbound p99 (ms) | outbound p99 (ms) | late frames |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const row of rows) {
    const { outcome, calls } = row;
    const gc: GcPauses | undefined = outcome.gc;
    const marginal = row.marginalBytes === undefined ? "" : (row.marginalBytes / 1024).toFixed(0);
    lines.push(
      `| ${row.build} | ${row.c.label} | ${calls} | ${((outcome.workerCpuShare * 1000) / calls).toFixed(2)} | ${perCallKb(outcome, calls)} | ${marginal} | ${gc ? `${(gc.share * 100).toFixed(1)} %` : "n/a"} | ${gc ? gc.maxMs.toFixed(1) : "n/a"} | ${gc ? gc.over5Ms : "n/a"} | ${fixed(outcome.load.inboundLatencyMs?.p99)} | ${fixed(outcome.load.outboundLatencyMs?.p99)} | ${outcome.load.outboundFramesLate} |`,
    );
  }
  return lines;
}

/**
 * Per build and case, a line through (calls, RSS − idle) over every point: its slope is what one more call
 * costs, its intercept what the process grows once under load whatever the number of calls.
 */
function fits(rows: Row[]): string[] {
  const lines = [
    "Resident memory as a line through every point of a build and case, (RSS − idle) ≈ once + per call × calls",
    "(least squares): the slope is what each call costs; the intercept what a worker grows once under load",
    "(compiled code, the young generation at its working size, the frame pool), which the average above",
    "spreads over the calls.",
    "",
    "| build | audio | per call (KB, slope) | once (MB, intercept) |",
    "| --- | --- | ---: | ---: |",
  ];
  const groups = new Map<string, MemoryPoint[]>();
  for (const point of rows.map(toPoint)) {
    const key = `${point.build} | ${point.audio}`;
    groups.set(key, [...(groups.get(key) ?? []), point]);
  }
  for (const [key, group] of groups) {
    if (group.length < 2) continue;
    const { perCallBytes, onceBytes } = residentFit(group);
    lines.push(`| ${key} | ${(perCallBytes / 1024).toFixed(0)} | ${mb(onceBytes)} |`);
  }
  return lines;
}

function toPoint(row: Row): MemoryPoint {
  return { build: row.build, audio: row.c.label, calls: row.calls, outcome: row.outcome };
}

function marginalBytes(previous: Row, outcome: LoadStepOutcome, calls: number): number {
  const growth = (o: LoadStepOutcome) => o.workerLoadedRssBytes - o.workerIdleRssBytes;
  return (growth(outcome) - growth(previous.outcome)) / (calls - previous.calls);
}

function perCallKb(outcome: LoadStepOutcome, calls: number): string {
  return ((outcome.workerLoadedRssBytes - outcome.workerIdleRssBytes) / calls / 1024).toFixed(0);
}

function fixed(value: number | undefined): string {
  return value === undefined ? "n/a" : value.toFixed(2);
}

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}

function progress(text: string): void {
  process.stderr.write(`bench:   ${text}\n`);
}
