// The bench's system under load: the ACS emulator (only for its JWKS and tokens), the load generator
// process (callers + Voice Live side) pinned to the second core, and a fresh media worker process pinned
// to the first core for every run.

import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AcsAudioFormat } from "@acs-voice/shared";
import { type AcsEmulator, startAcsEmulator } from "../acs/index.js";
import { mediaWorkerEnv, unmeteredVoiceLive } from "../env/emulator-env.js";
import { PACING_LEAD_MS } from "../load/load-call.js";
import { isLoadReport, type LoadReport } from "../load/load-messages.js";
import type { LoadRunOptions, LoadRunResult } from "../load/load-options.js";
import {
  type ProcessSample,
  pinToCore,
  raisePriority,
  sampleProcess,
  startWorkerProcess,
} from "../load/worker-process.js";
import { ManagedProcess } from "../runner/managed-process.js";
import { readCallLog } from "../soak/call-log.js";

const loadProcessMain = fileURLToPath(new URL("../load/load-process.js", import.meta.url));
export const WORKER_CORE = 0;
export const GENERATOR_CORE = 1;
const SAMPLE_EVERY_MS = 500;
/** Scheduling priority of the worker and the generator while measured (needs the right to raise it). */
export const BENCH_NICE = -10;

export interface LoadStepSettings {
  format: AcsAudioFormat;
  modelSampleRateHz: 16000 | 24000;
  calls: number;
  warmupMs: number;
  measureMs: number;
  cpuProfileDir?: string;
  /** Extra worker settings, for before/after comparisons. */
  workerEnv?: Record<string, string>;
  /** Extra Node/V8 flags for the worker. */
  nodeFlags?: string;
  /** Another build's worker (`media-worker/dist/main.js`); this checkout's by default. */
  workerMain?: string;
  /** Heap snapshots of the worker idle and with every call up (the run's latency is then not representative). */
  heapSnapshots?: boolean;
}

/** The worker's garbage-collection pauses inside the measured window. */
export interface GcPauses {
  count: number;
  scavenges: number;
  /** Mark-compact (full) collections. */
  fullCollections: number;
  totalMs: number;
  /** Share of the window the main thread spent paused for GC. */
  share: number;
  p99Ms: number;
  maxMs: number;
  /** Pauses longer than 5 ms: each can make a frame late at the p99 goal. */
  over5Ms: number;
}

export interface LoadStepOutcome {
  load: LoadRunResult;
  workerIdleRssBytes: number;
  workerLoadedRssBytes: number;
  /** CPU the worker used while the calls ran, as a share of one core (mean over the run's samples). */
  workerCpuShare: number;
  workerPinned: boolean;
  /** Whether both processes ran at the raised priority (nice BENCH_NICE). */
  prioritized: boolean;
  workerExitCode: number | null;
  /** The worker's own per-call counters, summed over the run's calls (from its "call ended" log lines). */
  workerReported: { calls: number; inboundDropped: number; outboundDropped: number; sendsDeferred: number };
  gc: GcPauses | undefined;
  /** Heap snapshot files (idle, loaded) when asked for. */
  heapSnapshotFiles: string[];
}

function gcPausesIn(file: string, fromWallMs: number, toWallMs: number): GcPauses | undefined {
  let pauses: [number, number, string][];
  try {
    pauses = JSON.parse(readFileSync(file, "utf8")) as [number, number, string][];
  } catch {
    return undefined;
  }
  const inWindow = pauses.filter(([endMs]) => endMs >= fromWallMs && endMs <= toWallMs);
  const durations = inWindow.map(([, ms]) => ms).sort((a, b) => a - b);
  const totalMs = durations.reduce((t, ms) => t + ms, 0);
  return {
    count: inWindow.length,
    scavenges: inWindow.filter(([, , kind]) => kind === "scavenge").length,
    fullCollections: inWindow.filter(([, , kind]) => kind === "mark-compact").length,
    totalMs,
    share: toWallMs > fromWallMs ? totalMs / (toWallMs - fromWallMs) : 0,
    p99Ms: durations[Math.min(durations.length - 1, Math.floor(durations.length * 0.99))] ?? 0,
    maxMs: durations[durations.length - 1] ?? 0,
    over5Ms: durations.filter((ms) => ms > 5).length,
  };
}

function workerCounters(logFile: string): LoadStepOutcome["workerReported"] {
  const { calls } = readCallLog(logFile);
  const sum = (name: string) =>
    calls.reduce(
      (total, call) =>
        total + (typeof call.metrics?.[name] === "number" ? (call.metrics[name] as number) : 0),
      0,
    );
  return {
    calls: calls.filter((call) => call.endings > 0).length,
    inboundDropped: sum("inboundDropped"),
    outboundDropped: sum("outboundDropped"),
    sendsDeferred: sum("sendsDeferred"),
  };
}

export class LoadSystem {
  readonly logDir: string;
  private runs = 0;
  private constructor(
    private readonly acs: AcsEmulator,
    private readonly generator: ManagedProcess,
    private readonly voiceLive: { url: string; apiKey: string },
    readonly generatorPinned: boolean,
  ) {
    this.logDir = path.dirname(generatorLogFile);
  }

  static async start(): Promise<LoadSystem> {
    const acs = await startAcsEmulator();
    const generator = new ManagedProcess({
      name: "load-generator",
      modulePath: loadProcessMain,
      env: { PATH: process.env.PATH },
      logFile: generatorLogFile,
    });
    try {
      const ready = await generator.waitForMessage(
        (m): m is Extract<LoadReport, { type: "load-ready" }> => isLoadReport(m) && m.type === "load-ready",
        15_000,
      );
      const pid = generator.pid;
      const pinned = pid !== undefined && pinToCore(pid, GENERATOR_CORE);
      if (pid !== undefined) raisePriority(pid, BENCH_NICE);
      return new LoadSystem(
        acs,
        generator,
        { url: ready.voiceLiveUrl, apiKey: ready.voiceLiveApiKey },
        pinned,
      );
    } catch (error) {
      await generator.stop();
      await acs.close();
      throw error;
    }
  }

  /** One run: a fresh worker, `calls` concurrent calls, measured; the worker is stopped afterwards. */
  async step(settings: LoadStepSettings): Promise<LoadStepOutcome> {
    const logFile = path.join(
      this.logDir,
      `worker-${++this.runs}-${settings.format}-${settings.modelSampleRateHz}-${settings.calls}.log`,
    );
    const gcStatsFile = `${logFile}.gc.json`;
    let measuredWallMs = { from: 0, to: 0 };
    const worker = await startWorkerProcess({
      env: {
        ...mediaWorkerEnv({
          acs: this.acs,
          audioFormat: settings.format,
          voiceLive: unmeteredVoiceLive(this.voiceLive),
        }),
        VOICE_LIVE_SAMPLE_RATE_HZ: String(settings.modelSampleRateHz),
        GREETING: "",
        // The load generator dials the worker itself: no functions app, no call tickets.
        CALL_TICKETS: "off",
        PACING_LEAD_MS: String(PACING_LEAD_MS),
        MAX_CONCURRENT_CALLS: "10000",
        LOG_LEVEL: "info",
        ...settings.workerEnv,
      },
      logFile,
      core: WORKER_CORE,
      gcStatsFile,
      ...(settings.nodeFlags ? { nodeFlags: settings.nodeFlags } : {}),
      ...(settings.workerMain ? { main: settings.workerMain } : {}),
      ...(settings.cpuProfileDir ? { cpuProfileDir: settings.cpuProfileDir } : {}),
    });
    const prioritized = raisePriority(worker.pid, BENCH_NICE);
    let measured: Omit<LoadStepOutcome, "workerExitCode" | "workerReported" | "gc" | "heapSnapshotFiles">;
    try {
      // Idle once start-up has settled (configuration, clients, the first timers), before the first call.
      await sleep(1_000);
      const idle = sampleProcess(worker.pid);
      if (settings.heapSnapshots) {
        process.kill(worker.pid, "SIGUSR2");
        await sleep(3_000);
      }
      const samples: ProcessSample[] = [];
      const sampler = setInterval(() => {
        const sample = sampleProcess(worker.pid);
        if (sample) samples.push(sample);
      }, SAMPLE_EVERY_MS);
      const options: LoadRunOptions = {
        workerMediaUrl: worker.mediaUrl,
        authorization: `Bearer ${await this.acs.mintToken("valid", 3600)}`,
        format: settings.format,
        modelSampleRateHz: settings.modelSampleRateHz,
        calls: settings.calls,
        warmupMs: settings.warmupMs,
        measureMs: settings.measureMs,
      };
      const timeoutMs = settings.calls * 100 + settings.warmupMs + settings.measureMs + 60_000;
      const resultPromise = this.generator.waitForMessage(
        (m): m is Extract<LoadReport, { type: "load-result" | "load-failed" }> =>
          isLoadReport(m) && (m.type === "load-result" || m.type === "load-failed"),
        timeoutMs,
      );
      const windowStartedMs = performance.now();
      this.generator.send({ type: "run", options });
      const snapshotTimer = settings.heapSnapshots
        ? setTimeout(
            () => process.kill(worker.pid, "SIGUSR2"),
            settings.calls * 30 + settings.warmupMs + settings.measureMs / 2,
          )
        : undefined;
      const report = await resultPromise;
      clearInterval(sampler);
      clearTimeout(snapshotTimer);
      const endWallMs = Date.now();
      measuredWallMs = { from: endWallMs - 3_500 - settings.measureMs, to: endWallMs - 3_500 };
      if (report.type === "load-failed") throw new Error(`load generator failed: ${report.message}`);
      // The window in which every call was up: after the ramp and warm-up, before the settle time.
      const windowEndMs = performance.now();
      const busy = samples.filter((s) => s.atMs > windowStartedMs && s.atMs < windowEndMs - 3_500);
      const first = busy.find((s) => s.atMs > windowEndMs - 3_500 - settings.measureMs) ?? busy[0];
      const last = busy[busy.length - 1];
      const loadedRss = Math.max(
        0,
        ...busy.slice(-Math.max(1, Math.floor(settings.measureMs / SAMPLE_EVERY_MS))).map((s) => s.rssBytes),
      );
      measured = {
        load: report.result,
        workerIdleRssBytes: idle?.rssBytes ?? 0,
        workerLoadedRssBytes: loadedRss,
        workerCpuShare:
          first && last && last.atMs > first.atMs ? (last.cpuMs - first.cpuMs) / (last.atMs - first.atMs) : 0,
        workerPinned: worker.pinned,
        prioritized,
      };
    } catch (error) {
      await worker.stop();
      throw error;
    }
    const workerExitCode = await worker.stop();
    const directory = path.dirname(logFile);
    const snapshotPrefix = `${path.basename(gcStatsFile)}.`;
    return {
      ...measured,
      workerExitCode,
      workerReported: workerCounters(logFile),
      gc: gcPausesIn(gcStatsFile, measuredWallMs.from, measuredWallMs.to),
      heapSnapshotFiles: readdirSync(directory)
        .filter((name) => name.startsWith(snapshotPrefix) && name.endsWith(".heapsnapshot"))
        .sort()
        .map((name) => path.join(directory, name)),
    };
  }

  async close(): Promise<void> {
    this.generator.send({ type: "exit" });
    await this.generator.stop();
    await this.acs.close();
  }
}

const generatorLogFile = path.join(
  mkdtempSync(path.join(tmpdir(), "acs-voice-bench-")),
  "load-generator.log",
);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
