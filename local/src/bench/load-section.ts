import { mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AcsAudioFormat } from "@acs-voice/shared";
import type { LatencyFigures } from "../load/load-options.js";
import { WORKER_MAIN } from "../load/worker-process.js";
import { type ProfileSummary, topSelfFrames } from "./cpu-profile-summary.js";
import { BENCH_NICE, GENERATOR_CORE, type LoadStepOutcome, LoadSystem, WORKER_CORE } from "./load-system.js";
import type { BenchContext, BenchSection } from "./section.js";
import { formatSpread, summarize } from "./statistics.js";

// The worker as production runs it, under real-time load from another process: latency it adds,
// how many calls one core carries, barge-in under load, and where its CPU goes (memory and GC pauses per
// call: memory-section.ts).

interface Case {
  label: string;
  format: AcsAudioFormat;
  modelSampleRateHz: 16000 | 24000;
}
const CASES: Case[] = [
  { label: "passthrough (ACS 24 kHz, Voice Live 24 kHz)", format: "pcm24KMono", modelSampleRateHz: 24000 },
  { label: "resampling (ACS 16 kHz, Voice Live 24 kHz)", format: "pcm16KMono", modelSampleRateHz: 24000 },
];
const P99_GOAL_MS = 5;
const CALLS_GOAL = 500;
const BARGE_IN_GOAL_MS = 2;

interface Plan {
  repeats: number;
  warmupMs: number;
  measureMs: number;
  /** Concurrent calls tried in turn, until one fails. */
  steps: number[];
  searchBudgetMs: number;
  profileCalls: number | undefined;
}

function planFor(context: BenchContext): Plan {
  return context.quick
    ? {
        repeats: 1,
        warmupMs: 2_000,
        measureMs: 5_000,
        steps: [100, 300, 500, 700],
        searchBudgetMs: 45_000,
        profileCalls: undefined,
      }
    : {
        repeats: 3,
        warmupMs: 2_000,
        measureMs: 10_000,
        steps: [50, 100, 200, 300, 400, 500, 600, 800, 1000],
        searchBudgetMs: 150_000,
        profileCalls: 200,
      };
}

interface Step {
  calls: number;
  outcome: LoadStepOutcome;
  failures: string[];
}

export const loadSection: BenchSection = {
  title: "Media worker under load: added latency, capacity per core, barge-in",
  async run(context) {
    const plan = planFor(context);
    const system = await LoadSystem.start();
    const loadAtStart = os.loadavg()[0] ?? 0;
    try {
      const latency: { c: Case; calls: number; runs: Step[] }[] = [];
      const searches: { c: Case; steps: Step[]; capacity: Step | undefined }[] = [];
      for (const c of CASES) {
        for (const calls of [1, 100]) {
          const runs: Step[] = [];
          for (let r = 0; r < plan.repeats; r++) runs.push(await step(system, c, calls, plan));
          latency.push({ c, calls, runs });
        }
      }
      for (const c of CASES) {
        const steps: Step[] = [];
        const started = performance.now();
        for (const calls of plan.steps) {
          let s = await step(system, c, calls, plan);
          progress(`${c.format} ${calls} calls: ${s.failures.length === 0 ? "pass" : s.failures.join("; ")}`);
          // On a shared machine one stall of someone else's making fails a step; a step counts as failed
          // only when it fails twice in a row (both runs are reported).
          if (s.failures.length > 0) {
            steps.push(s);
            s = await step(system, c, calls, plan);
            progress(
              `${c.format} ${calls} calls, again: ${s.failures.length === 0 ? "pass" : s.failures.join("; ")}`,
            );
          }
          steps.push(s);
          if (s.failures.length > 0 || performance.now() - started > plan.searchBudgetMs) break;
        }
        searches.push({ c, steps, capacity: [...steps].reverse().find((s) => s.failures.length === 0) });
      }
      let profile: { markdown: string; summary: ProfileSummary } | undefined;
      if (plan.profileCalls !== undefined) {
        const directory = mkdtempSync(path.join(os.tmpdir(), "acs-voice-profile-"));
        const first = CASES[0] as Case;
        await system.step({
          format: first.format,
          modelSampleRateHz: first.modelSampleRateHz,
          calls: plan.profileCalls,
          warmupMs: plan.warmupMs,
          measureMs: plan.measureMs,
          cpuProfileDir: directory,
        });
        const file = readdirSync(directory).find((name) => name.endsWith(".cpuprofile"));
        if (file) {
          const summary = topSelfFrames(path.join(directory, file), 15);
          profile = { markdown: renderProfile(summary, plan.profileCalls), summary };
        }
      }
      return render({
        plan,
        latency,
        searches,
        profile,
        system,
        loadAtStart,
        loadAtEnd: os.loadavg()[0] ?? 0,
      });
    } finally {
      await system.close();
    }
  },
};

async function step(system: LoadSystem, c: Case, calls: number, plan: Plan): Promise<Step> {
  const outcome = await system.step({
    format: c.format,
    modelSampleRateHz: c.modelSampleRateHz,
    calls,
    warmupMs: plan.warmupMs,
    measureMs: plan.measureMs,
  });
  return { calls, outcome, failures: failuresOf(outcome) };
}

/** Why a run does not count as carried; empty when it does. */
function failuresOf(outcome: LoadStepOutcome): string[] {
  const { load } = outcome;
  const failures: string[] = [];
  if (load.connected < load.calls) failures.push(`${load.calls - load.connected} calls not connected`);
  if (load.callsClosedByWorker > 0) failures.push(`${load.callsClosedByWorker} calls closed by the worker`);
  if (load.inboundFramesLost > 0) failures.push(`${load.inboundFramesLost} caller frames lost`);
  if (load.outboundFramesDropped > 0) failures.push(`${load.outboundFramesDropped} bot frames dropped`);
  if (load.outboundFramesLate > 0) failures.push(`${load.outboundFramesLate} bot frames late`);
  if (outcome.workerExitCode !== 0) failures.push(`worker exit code ${outcome.workerExitCode}`);
  const dropsByWorker = outcome.workerReported.inboundDropped + outcome.workerReported.outboundDropped;
  if (dropsByWorker > 0) failures.push(`${dropsByWorker} frames dropped by the worker's own count`);
  if (load.stopAudiosMissing > 0) failures.push(`${load.stopAudiosMissing} barge-ins without StopAudio`);
  const inP99 = load.inboundLatencyMs?.p99 ?? Number.POSITIVE_INFINITY;
  const outP99 = load.outboundLatencyMs?.p99 ?? Number.POSITIVE_INFINITY;
  if (inP99 > P99_GOAL_MS) failures.push(`inbound p99 ${inP99.toFixed(1)} ms`);
  if (outP99 > P99_GOAL_MS) failures.push(`outbound p99 ${outP99.toFixed(1)} ms`);
  return failures;
}

/** Who ran out first: a process near a full core, or one whose own timers ran late. */
function bottleneck({ load, workerCpuShare }: LoadStepOutcome): string {
  const generatorLagP99 = load.generatorSendLagMs?.p99 ?? 0;
  const parts = [`worker ${pct(workerCpuShare)} of its core`, `generator ${pct(load.generatorCpuShare)}`];
  // Both processes pinned to a core each: the one nearer a full core is the one that ran out.
  if (workerCpuShare >= 0.8 && workerCpuShare >= load.generatorCpuShare)
    return `worker (${parts.join(", ")})`;
  if (generatorLagP99 > 10 || load.generatorCpuShare >= 0.8)
    return `generator (${parts.join(", ")}, its send lag p99 ${generatorLagP99.toFixed(1)} ms)`;
  return `neither at a full core: other processes on the shared cores (${parts.join(", ")}, generator send lag p99 ${generatorLagP99.toFixed(1)} ms)`;
}

interface RenderInput {
  plan: Plan;
  latency: { c: Case; calls: number; runs: Step[] }[];
  searches: { c: Case; steps: Step[]; capacity: Step | undefined }[];
  profile: { markdown: string; summary: ProfileSummary } | undefined;
  system: LoadSystem;
  loadAtStart: number;
  loadAtEnd: number;
}

function render(input: RenderInput): string {
  const { plan, system } = input;
  const pinned = input.latency[0]?.runs[0]?.outcome.workerPinned ?? false;
  const lines = [
    `How it runs. \`${process.env.BENCH_WORKER_MAIN ? WORKER_MAIN : "media-worker/dist/main.js"}\` is started as its own process for every run (fresh, so its`,
    "idle memory is known), configured only through its environment, " +
      (pinned
        ? `pinned with \`taskset\` to core ${WORKER_CORE}.`
        : "NOT pinned (no `taskset` on this machine)."),
    `The load generator (local/src/load) is a second process${system.generatorPinned ? `, pinned to core ${GENERATOR_CORE}` : ""}: it plays every caller as ACS does`,
    "(AudioMetadata, then one 20 ms AudioData frame every 20 ms per call, each call on its own phase of",
    "the 20 ms grid, JWT from the ACS emulator's signing key) and is also the Voice Live service the worker",
    "connects to (session.created/updated; per call a 3 s answer every 5 s, streamed as 100 ms",
    "`response.audio.delta`s at twice real time; every third answer is interrupted by",
    "`input_audio_buffer.speech_started` after 2 s of it was sent). One scheduler drives all calls; no",
    "timer per call. The generator's Voice Live side is lean on purpose (no VAD, TTS or recording): the",
    "full emulator (local/src/voicelive) would be the bottleneck long before the worker. With 2 cores, the",
    "generator has one and the worker the other; other work on this machine (other builds and test runs)",
    "shares both, see the load average.",
    "",
    "Added latency, measured with both ends in the generator, on one monotonic clock (`performance.now()`):",
    "- inbound = caller frame written to the socket → its audio fully received by Voice Live. Audio is",
    "  byte-counted per call: frame k is in when the Voice Live side has received (k + 1) frames' worth of",
    "  samples at the model rate (exact through the resampler too, whose output length equals input x ratio).",
    "  So this is worker receive → Voice Live send plus two loopback socket hops.",
    "- outbound = `response.audio.delta` sent → AudioData frame received by the caller, minus the wait the",
    "  pacing requires: the worker's own rule (a frame goes once its delta is in and at most the pacing lead",
    "  stays buffered at ACS) is replayed on the caller's arrivals, and latency is measured from the moment",
    "  the frame became due. Also includes two socket hops.",
    `- late = a frame more than 20 ms behind that due time; dropped = frames of a completed answer that`,
    "  never arrived (or arrived with the wrong size); lost = caller frames whose audio never reached Voice Live.",
    `Each run: calls connected one by one, ${plan.warmupMs / 1000} s warm-up, ${plan.measureMs / 1000} s measured, then 3.5 s for the last answers to finish.`,
    `Both processes run at raised priority (nice ${BENCH_NICE}${input.latency[0]?.runs[0]?.outcome.prioritized ? "" : ": NOT granted on this run"}) to be less at the mercy of that other work.`,
    `Load average (1 min) when the section started: ${input.loadAtStart.toFixed(2)}; when it ended: ${input.loadAtEnd.toFixed(2)}.`,
    "",
    "### Added latency (ms)",
    "",
    `Per-frame percentiles within a run; the figure is the median over ${plan.repeats} run(s) with the spread (p10–p90 of the runs) in brackets. N = the capacity found below (one run).`,
    "",
    "| Format | calls | inbound p50 | inbound p99 | outbound p50 | outbound p99 | late / dropped / lost frames | dropped by the worker's own count | worker CPU (share of its core) | generator send lag p99 |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  const latencyRows = [
    ...input.latency,
    ...input.searches.flatMap((s) =>
      s.capacity ? [{ c: s.c, calls: s.capacity.calls, runs: [s.capacity] }] : [],
    ),
  ];
  for (const row of latencyRows) {
    const fig = (pick: (s: Step) => number | undefined) => {
      const values = row.runs.map(pick).filter((v): v is number => v !== undefined);
      return values.length ? formatSpread(summarize(values), 2) : "n/a";
    };
    const sum = (pick: (s: Step) => number) => row.runs.reduce((t, s) => t + pick(s), 0);
    lines.push(
      `| ${row.c.label} | ${row.calls} | ${fig((s) => s.outcome.load.inboundLatencyMs?.p50)} | ${fig((s) => s.outcome.load.inboundLatencyMs?.p99)} | ${fig((s) => s.outcome.load.outboundLatencyMs?.p50)} | ${fig((s) => s.outcome.load.outboundLatencyMs?.p99)} | ${sum((s) => s.outcome.load.outboundFramesLate)} / ${sum((s) => s.outcome.load.outboundFramesDropped)} / ${sum((s) => s.outcome.load.inboundFramesLost)} | ${sum((s) => s.outcome.workerReported.inboundDropped + s.outcome.workerReported.outboundDropped)} | ${fig((s) => s.outcome.workerCpuShare * 100)} % | ${fig((s) => s.outcome.load.generatorSendLagMs?.p99)} |`,
    );
  }
  lines.push(
    "",
    "### Capacity per core",
    "",
    `Step search over ${plan.steps.join(", ")} calls, stopped at the first step that fails twice in a row (or after ${plan.searchBudgetMs / 1000} s of searching). A step passes with every call connected and kept, zero late, dropped or lost frames, every barge-in answered by StopAudio, and p99 added latency ≤ ${P99_GOAL_MS} ms both ways. Goal: ≥ ${CALLS_GOAL} calls per core.`,
    "",
    "| Format | steps (calls: result) | capacity (calls) | goal met | what ran out at the failing step | worker CPU per call | calls one core would carry by CPU alone |",
    "| --- | --- | ---: | :---: | --- | ---: | ---: |",
  );
  for (const search of input.searches) {
    const failing = search.steps.findLast((s) => s.failures.length > 0);
    const stepsText = search.steps
      .map((s) => `${s.calls}: ${s.failures.length === 0 ? "pass" : s.failures.slice(0, 3).join(", ")}`)
      .join("; ");
    lines.push(
      `| ${search.c.label} | ${stepsText} | ${search.capacity?.calls ?? 0} | ${(search.capacity?.calls ?? 0) >= CALLS_GOAL ? "yes" : "no"} | ${failing ? bottleneck(failing.outcome) : "none failed within the search budget"} | ${cpuPerCall(search.steps)} | ${projectedCalls(search.steps)} |`,
    );
  }
  lines.push(
    "",
    "The last two columns take the worker's measured CPU time (from /proc, over the whole run) divided by the calls it",
    "carried, as the median over the steps of that search, and divide one core (at 85 %, leaving room for bursts) by it:",
    "what the worker itself costs, free of the generator's limits and of the other work on this machine that the",
    "latency criteria also feel. It is a projection, not a measured capacity.",
  );
  lines.push(
    "",
    "### Barge-in under load",
    "",
    "StopAudio = Voice Live's `speech_started` written to the worker's socket → StopAudio received by the caller",
    "(the worker's speech_started arrival → StopAudio sent, plus two loopback hops: an upper bound).",
    "Heard stop = `speech_started` sent → the caller stops hearing the bot (StopAudio's arrival, or its buffered audio",
    `running out first). Goal: StopAudio p99 ≤ ${BARGE_IN_GOAL_MS} ms.`,
    "",
    "| Format | calls | barge-ins | StopAudio p50 | StopAudio p99 | heard stop p50 | heard stop p99 | audio frames after StopAudio |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  );
  for (const row of latencyRows) {
    const runs = row.runs.map((s) => s.outcome.load);
    const f = (pick: (l: (typeof runs)[number]) => LatencyFigures | undefined, p: "p50" | "p99") => {
      const values = runs
        .map(pick)
        .filter((v): v is LatencyFigures => v !== undefined)
        .map((v) => v[p]);
      return values.length ? formatSpread(summarize(values), 2) : "n/a";
    };
    lines.push(
      `| ${row.c.label} | ${row.calls} | ${runs.reduce((t, l) => t + l.bargeIns, 0)} | ${f((l) => l.bargeInStopAudioMs, "p50")} | ${f((l) => l.bargeInStopAudioMs, "p99")} | ${f((l) => l.bargeInHeardStopMs, "p50")} | ${f((l) => l.bargeInHeardStopMs, "p99")} | ${runs.reduce((t, l) => t + l.framesAfterStopAudio, 0)} |`,
    );
  }
  if (input.profile) lines.push("", input.profile.markdown);
  lines.push("", ...findings(input));
  return lines.join("\n");
}

function renderProfile({ frames, idleShare, busyByKind }: ProfileSummary, calls: number): string {
  return [
    `### Where the worker's CPU goes (${calls} passthrough calls)`,
    "",
    `A V8 CPU profile of the worker over the whole run (sampling every 200 µs, started by a preload module because \`--cpu-prof\` is not allowed in NODE_OPTIONS). Idle: ${pct(idleShare)} of samples. Top functions by self time, as a share of all samples:`,
    "",
    "| self | function | where |",
    "| ---: | --- | --- |",
    ...frames.map((f) => `| ${pct(f.selfShare)} | \`${f.name}\` | ${f.location || "(native)"} |`),
    "",
    "The busy samples by kind of work (self time, classified by file and function):",
    "",
    "| kind of work | share of busy time |",
    "| --- | ---: |",
    ...busyByKind.map((k) => `| ${k.kind} | ${pct(k.share)} |`),
  ].join("\n");
}

/** What the figures above say about the goals, in words, from this run's numbers. */
function findings(input: RenderInput): string[] {
  const lines = ["### Findings", ""];
  for (const search of input.searches) {
    const capacity = search.capacity?.calls ?? 0;
    const failing = search.steps.findLast((s) => s.failures.length > 0);
    const ms = cpuMsPerCallSecond(search.steps);
    lines.push(
      `- ${search.c.label}: ${capacity >= CALLS_GOAL ? "goal met" : "goal of 500 calls per core NOT met"}: ${capacity} calls passed every criterion on this machine${failing ? `; the next step (${failing.calls}) failed on ${failing.failures.slice(0, 2).join(" and ")}, where ${bottleneck(failing.outcome)} ran out first` : ""}. ${ms === undefined ? "" : `The worker itself spent ${ms.toFixed(2)} ms of CPU per call-second, so one core would carry about ${projectedCalls(search.steps)} calls on CPU alone, ${Number.parseInt(projectedCalls(search.steps).replace(/,/g, ""), 10) >= CALLS_GOAL ? "above" : "below"} the goal.`}`,
    );
  }
  const profile = input.profile?.summary;
  if (profile) {
    const share = (kind: string) => profile.busyByKind.find((k) => k.kind === kind)?.share ?? 0;
    lines.push(
      `- Where the time goes (profile above): ${pct(share("socket I/O and WebSocket framing"))} of the worker's busy time is socket I/O and WebSocket framing, ${pct(share("buffer copies and string conversions"))} buffer copies and string conversions, ${pct(share("JSON and base64 (codecs)"))} the JSON/base64 codecs, ${pct(share("garbage collection"))} garbage collection, and only ${pct(share("call logic (media-worker)"))} the call logic and ${pct(share("audio (resampling, framing)"))} audio work. A call moves about 140 WebSocket messages a second (50 caller frames in, 50 appends out, ~30 bot frames out while the bot talks, ~10 deltas in), and each costs a kernel write or read plus ws framing whatever the session does with it; the per-frame compute of the session is the few microseconds of the "ns per 20 ms frame" section.`,
      "- Changed on the way: `bufferutil` for ws (native frame masking: 5.3 µs → 0.27 µs per 20 ms frame pair, measured on 1,350-byte frames), the load generator's own per-message work (raw-buffer reads, no UTF-8 checks) so that it runs out later.",
      "- What would move the per-core figure further, with its price: fewer messages (appending 40 ms instead of 20 ms to Voice Live halves that socket's messages but adds 20 ms before the model hears the caller); not the young generation's size, which the section above measured against V8's default; a replica with more cores runs one worker per core, since capacity is per process.",
      "- Honesty about this machine: 2 cores shared with other work (see the load average); a generator whose send lag p99 exceeds a few ms or a step where neither process reached a full core points at that contention, not at the worker. Run `npm run bench` on a quiet machine to see the worker's own limit.",
    );
  }
  return lines;
}

/** Milliseconds of worker CPU per call per second of call, median over the steps. */
function cpuMsPerCallSecond(steps: Step[]): number | undefined {
  const values = steps
    .filter((s) => s.outcome.workerCpuShare > 0)
    .map((s) => (s.outcome.workerCpuShare * 1000) / s.calls);
  return values.length ? summarize(values).median : undefined;
}

function cpuPerCall(steps: Step[]): string {
  const ms = cpuMsPerCallSecond(steps);
  return ms === undefined
    ? "n/a"
    : `${ms.toFixed(2)} ms per call-second (${(ms / 10).toFixed(3)} % of a core)`;
}

function projectedCalls(steps: Step[]): string {
  const ms = cpuMsPerCallSecond(steps);
  return ms === undefined ? "n/a" : Math.floor((0.85 * 1000) / ms).toLocaleString("en-US");
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

function progress(text: string): void {
  process.stderr.write(`bench:   ${text}\n`);
}
