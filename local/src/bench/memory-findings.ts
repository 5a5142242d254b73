import type { LoadStepOutcome } from "./load-system.js";
import { linearFit } from "./statistics.js";

// What the memory section's runs say against the goals, computed from the runs themselves so that the
// text cannot drift from the tables: memory per call, GC pauses before and after, latency at the top
// point and what limited it, and whether a young-generation size beat V8's default.

export interface MemoryPoint {
  build: string;
  audio: string;
  calls: number;
  outcome: LoadStepOutcome;
}

export interface MemoryGoals {
  bytesPerCall: number;
  atCalls: number;
  p99Ms: number;
}

/** Per call (slope) and once (intercept) of (RSS − idle) over the calls, for one build and audio case. */
export function residentFit(points: readonly MemoryPoint[]): { perCallBytes: number; onceBytes: number } {
  const { slope, intercept } = linearFit(points.map((p) => ({ x: p.calls, y: grownBytes(p.outcome) })));
  return { perCallBytes: slope, onceBytes: intercept };
}

export function memoryFindings(
  points: readonly MemoryPoint[],
  flagPoints: readonly MemoryPoint[],
  goals: MemoryGoals,
): string[] {
  const builds = [...new Set(points.map((p) => p.build))];
  const current = builds[builds.length - 1];
  const before = builds.length > 1 ? builds[0] : undefined;
  if (current === undefined) return [];
  const findings: string[] = [];
  for (const audio of [...new Set(points.map((p) => p.audio))]) {
    const mine = points.filter((p) => p.build === current && p.audio === audio);
    const fit = residentFit(mine);
    const theirs = before ? points.filter((p) => p.build === before && p.audio === audio) : [];
    const atGoal = mine.find((p) => p.calls === goals.atCalls);
    const average = atGoal ? grownBytes(atGoal.outcome) / atGoal.calls : undefined;
    findings.push(
      `- Memory, ${audio}: each call costs ${kb(fit.perCallBytes)} KB resident (slope) ${verdict(fit.perCallBytes <= goals.bytesPerCall)} the goal of ${kb(goals.bytesPerCall)} KB` +
        (theirs.length > 1 ? `, against ${kb(residentFit(theirs).perCallBytes)} KB before` : "") +
        (average === undefined
          ? "."
          : `; with what the worker grows once under load (${mb(fit.onceBytes)} MB) spread over ${goals.atCalls} calls, ${kb(average)} KB a call (${verdict(average <= goals.bytesPerCall)} the goal).`),
    );
  }
  for (const build of builds) {
    const gc = points.filter((p) => p.build === build && p.outcome.gc);
    if (gc.length === 0) continue;
    const longest = Math.max(...gc.map((p) => p.outcome.gc?.maxMs ?? 0));
    const over5 = gc.reduce((sum, p) => sum + (p.outcome.gc?.over5Ms ?? 0), 0);
    const share = Math.max(...gc.map((p) => p.outcome.gc?.share ?? 0));
    findings.push(
      `- GC, ${build}: longest pause ${longest.toFixed(1)} ms over every run, ${over5} pause(s) over 5 ms, at most ${(share * 100).toFixed(1)} % of a window spent collecting.`,
    );
  }
  const top = Math.max(...points.map((p) => p.calls));
  for (const p of points.filter((point) => point.build === current && point.calls === top)) {
    const inbound = p.outcome.load.inboundLatencyMs?.p99 ?? Number.POSITIVE_INFINITY;
    const outbound = p.outcome.load.outboundLatencyMs?.p99 ?? Number.POSITIVE_INFINITY;
    const late = p.outcome.load.outboundFramesLate;
    const met = inbound <= goals.p99Ms && outbound <= goals.p99Ms && late === 0;
    findings.push(
      `- ${top} calls, ${p.audio}: p99 ${inbound.toFixed(1)} ms in, ${outbound.toFixed(1)} ms out, ${late} late frame(s): ${met ? "the goal is met" : `the goal is not met; ${limit(p.outcome)}`}.`,
    );
  }
  findings.push(
    `- Young generation: ${youngGenerationVerdict(
      points.filter((p) => p.build === current && p.calls === top),
      flagPoints,
    )}`,
  );
  return findings;
}

/** Busy at or above this share of its core, the worker itself is what runs out. */
const SATURATED_CPU_SHARE = 0.8;

function limit(outcome: LoadStepOutcome): string {
  const busy = `${(outcome.workerCpuShare * 100).toFixed(0)} % of its core`;
  const pause = `${(outcome.gc?.maxMs ?? 0).toFixed(1)} ms`;
  return outcome.workerCpuShare >= SATURATED_CPU_SHARE
    ? `the worker was busy ${busy} while its longest GC pause was ${pause}, so what runs out is its CPU (where it goes: the next section's profile), not collection`
    : `the worker was busy ${busy} and its longest GC pause was ${pause}: neither its core nor collection ran out, so the late work is other processes' on this shared machine (see the load average)`;
}

/** A flag wins only if it beats the default on longest pause, worst p99 and resident memory at once. */
function youngGenerationVerdict(
  defaults: readonly MemoryPoint[],
  flagPoints: readonly MemoryPoint[],
): string {
  if (flagPoints.length === 0) return "not measured in this run.";
  const flags = [...new Set(flagPoints.map((p) => p.build))];
  const winners = flags.filter((flag) =>
    flagPoints
      .filter((p) => p.build === flag)
      .every((p) => {
        const base = defaults.find((d) => d.audio === p.audio);
        if (!base) return false;
        return (
          (p.outcome.gc?.maxMs ?? 0) < (base.outcome.gc?.maxMs ?? 0) &&
          worstP99(p) < worstP99(base) &&
          grownBytes(p.outcome) < grownBytes(base.outcome)
        );
      }),
  );
  return winners.length === 0
    ? "no size tried beats V8's default on pauses, latency and memory together (a smaller one promotes more and collects more often, a larger one holds more memory), so the Dockerfile sets none."
    : `${winners.join(", ")} beat V8's default on pauses, latency and memory together: worth setting in the Dockerfile.`;
}

function worstP99(p: MemoryPoint): number {
  return Math.max(
    p.outcome.load.inboundLatencyMs?.p99 ?? Number.POSITIVE_INFINITY,
    p.outcome.load.outboundLatencyMs?.p99 ?? Number.POSITIVE_INFINITY,
  );
}

function grownBytes(outcome: LoadStepOutcome): number {
  return outcome.workerLoadedRssBytes - outcome.workerIdleRssBytes;
}

function verdict(ok: boolean): string {
  return ok ? "within" : "above";
}

function kb(bytes: number): string {
  return (bytes / 1024).toFixed(0);
}

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}
