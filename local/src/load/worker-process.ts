// The media worker under test, as production runs it: `node media-worker/dist/main.js` in its own
// process, configured only through its environment, optionally pinned to one core.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { findFreePort } from "../net/free-port.js";
import { ManagedProcess } from "../runner/managed-process.js";

/** The built worker of this checkout; `BENCH_WORKER_MAIN` points at another build (e.g. one from a clean commit). */
export const WORKER_MAIN =
  process.env.BENCH_WORKER_MAIN ??
  fileURLToPath(new URL("../../../media-worker/dist/main.js", import.meta.url));
const cpuProfilePreload = new URL("./cpu-profile-preload.js", import.meta.url).href;
const gcStatsPreload = new URL("./gc-stats-preload.js", import.meta.url).href;
const CLOCK_TICKS_PER_SECOND = 100;

export interface WorkerProcess {
  readonly pid: number;
  readonly port: number;
  readonly mediaUrl: string;
  readonly baseUrl: string;
  readonly process: ManagedProcess;
  /** Whether `taskset` pinned it (false: no taskset on this machine). */
  readonly pinned: boolean;
  stop(): Promise<number | null>;
}

export interface WorkerProcessOptions {
  env: Record<string, string | undefined>;
  logFile: string;
  /** Pin the worker and all its threads to this core when `taskset` exists. */
  core?: number;
  /** Write a V8 CPU profile (.cpuprofile) into this directory when the worker exits. */
  cpuProfileDir?: string;
  /** Record every GC pause into this file (JSON, written at exit); SIGUSR2 then writes a heap snapshot. */
  gcStatsFile?: string;
  /** Extra Node/V8 flags for the worker (e.g. `--max-semi-space-size=32`), for before/after runs. */
  nodeFlags?: string;
  /** The worker's entry point; WORKER_MAIN by default. */
  main?: string;
}

export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const port = await findFreePort();
  const nodeOptions =
    [
      options.cpuProfileDir ? `--import=${cpuProfilePreload}` : "",
      options.gcStatsFile ? `--import=${gcStatsPreload}` : "",
      options.nodeFlags ?? "",
    ]
      .filter((part) => part !== "")
      .join(" ") || undefined;
  const child = new ManagedProcess({
    name: "media-worker",
    modulePath: options.main ?? WORKER_MAIN,
    env: {
      PATH: process.env.PATH,
      ...options.env,
      PORT: String(port),
      NODE_OPTIONS: nodeOptions,
      CPU_PROFILE_DIR: options.cpuProfileDir,
      GC_STATS_FILE: options.gcStatsFile,
    },
    logFile: options.logFile,
    stopGraceMs: 10_000,
  });
  await child.waitForMessage(
    (message): message is { type: "media-worker-listening" } =>
      typeof message === "object" &&
      message !== null &&
      (message as { type?: unknown }).type === "media-worker-listening",
    15_000,
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error("media worker has no pid");
  const pinned = options.core === undefined ? false : pinToCore(pid, options.core);
  return {
    pid,
    port,
    mediaUrl: `ws://127.0.0.1:${port}/media`,
    baseUrl: `http://127.0.0.1:${port}`,
    process: child,
    pinned,
    stop: () => child.stop(),
  };
}

/** Pins a running process and every thread it has to one core; false when `taskset` is not available. */
export function pinToCore(pid: number, core: number): boolean {
  try {
    execFileSync("taskset", ["-a", "-p", "-c", String(core), String(pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Raises a process's scheduling priority (negative nice) where allowed, so that a measurement on a
 * shared machine is less at the mercy of unrelated work; false when not permitted.
 */
export function raisePriority(pid: number, nice: number): boolean {
  try {
    os.setPriority(pid, nice);
    return true;
  } catch {
    return false;
  }
}

/** What the kernel says about a process: resident memory, CPU time used, open file descriptors. */
export interface ProcessSample {
  atMs: number;
  rssBytes: number;
  cpuMs: number;
  openFds: number;
}

export function sampleProcess(pid: number): ProcessSample | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start at index 3 (state); utime is field 14.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return {
      atMs: performance.now(),
      rssBytes: rssKb * 1024,
      cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND,
      openFds: readdirSync(`/proc/${pid}/fd`).length,
    };
  } catch {
    return undefined;
  }
}
