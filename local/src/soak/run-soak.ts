// The soak: one media worker process, the ACS and Voice Live emulators on loopback, calls placed and
// ended continuously with random faults on both sides, then a check that the worker is as it was.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startAcsEmulator } from "../acs/index.js";
import { startAzurite } from "../azurite/index.js";
import { linearFit } from "../bench/statistics.js";
import { mediaWorkerEnv, unmeteredVoiceLive } from "../env/emulator-env.js";
import { sampleProcess, startWorkerProcess } from "../load/worker-process.js";
import { synthesizeSpeech } from "../tts/index.js";
import { startVoiceLiveEmulator } from "../voicelive/index.js";
import { readCallLog } from "./call-log.js";
import { readCallRecords, type StoredCallRecord } from "./call-records.js";
import { pick, seededRandom } from "./random.js";
import {
  FORGED_TOKEN_KINDS,
  runSoakCall,
  SOAK_CALL_KINDS,
  type SoakCallKind,
  type SoakCallOutcome,
} from "./soak-call.js";
import type { SoakOptions } from "./soak-options.js";
import { randomVoiceLiveFaults } from "./voice-live-faults.js";
import { requestWorkerStats, type WorkerDebugStats } from "./worker-stats.js";

const FORMAT = "pcm24KMono";
const CALL_RECORDS_TABLE = "soakcallrecords";
const FAULT_ROTATION_MS = 3_000;
const SAMPLE_EVERY_MS = 1_000;
const SETTLE_TIMEOUT_MS = 20_000;
/** Memory counts as flat when the second half of the run grew RSS by at most this much. */
const FLAT_RSS_GROWTH_BYTES = 16 * 1024 * 1024;

export interface SoakCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface SoakReport {
  ok: boolean;
  checks: SoakCheck[];
  durationMs: number;
  calls: Record<SoakCallKind, number>;
  voiceLiveFaults: Record<string, number>;
  rssSlopeMbPerMinute: number;
  workerLog: string;
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const random = seededRandom(options.seed);
  const logDir = options.logDir ?? mkdtempSync(path.join(tmpdir(), "acs-voice-soak-"));
  const workerLog = path.join(logDir, "media-worker.log");
  const progress = options.onProgress ?? (() => {});
  const acs = await startAcsEmulator();
  const azurite = await startAzurite();
  const voiceLive = await startVoiceLiveEmulator({
    scenario: {
      greeting: "Hello, thanks for calling.",
      turns: [{ caller: "I would like to check my order.", reply: "Sure, one moment while I look that up." }],
      fallbackReply: "Okay.",
    },
  });
  const caller = synthesizeSpeech("Hello, I would like to check the status of my order please.", 24000);
  const worker = await startWorkerProcess({
    env: {
      ...mediaWorkerEnv({
        acs,
        audioFormat: FORMAT,
        voiceLive: unmeteredVoiceLive(voiceLive),
        tables: azurite,
      }),
      MAX_CONCURRENT_CALLS: String(options.concurrency + 10),
      MEDIA_WORKER_DEBUG_STATS: "1",
      // The soak dials the worker itself: no functions app, no call tickets.
      CALL_TICKETS: "off",
      CALL_RECORDS_TABLE,
      LOG_LEVEL: "info",
    },
    logFile: workerLog,
  });
  const started = performance.now();
  const outcomes: SoakCallOutcome[] = [];
  const faultCounts: Record<string, number> = {};
  const rssSamples: { atMs: number; rssBytes: number }[] = [];
  let sequence = 0;
  // Kinds come in shuffled rounds of every kind, so even a short soak has each fault at least once.
  let round: SoakCallKind[] = [];
  const nextKind = (): SoakCallKind => {
    if (round.length === 0) round = shuffle(random, [...SOAK_CALL_KINDS]);
    return round.pop() ?? "normal";
  };
  const place = async (kind: SoakCallKind) => {
    const n = sequence++;
    const tokenKind = kind === "forged-token" ? pick(random, FORGED_TOKEN_KINDS) : "valid";
    const outcome = await runSoakCall(kind, {
      mediaUrl: worker.mediaUrl,
      format: FORMAT,
      caller,
      callConnectionId: `soak-${n}`,
      token: await acs.mintToken(tokenKind, 600),
      dropAfterMs: 300 + Math.floor(random() * 3_000),
    });
    outcomes.push(outcome);
    progress(
      `call ${n} ${kind}${kind === "forged-token" ? ` (${tokenKind})` : ""}: ${outcome.accepted ? `closed ${outcome.closeCode}, ${outcome.framesReceived} frames heard` : `refused ${outcome.upgradeStatus ?? "?"}`}`,
    );
  };
  try {
    // One call before the baseline: what the first call creates for good (JWKS cache, keep-alive
    // agents, compiled code) is not a leak.
    await place("normal");
    await sleep(1_000);
    const baseline = await requestWorkerStats(worker.process);
    const baselineFds = sampleProcess(worker.pid)?.openFds ?? 0;

    const sampler = setInterval(() => {
      const sample = sampleProcess(worker.pid);
      if (sample) rssSamples.push({ atMs: sample.atMs, rssBytes: sample.rssBytes });
    }, SAMPLE_EVERY_MS);
    const rotate = setInterval(() => {
      const faults = randomVoiceLiveFaults(random);
      faultCounts[faults.name] = (faultCounts[faults.name] ?? 0) + 1;
      voiceLive.setFaults(faults.plan);
    }, FAULT_ROTATION_MS);
    const deadline = started + options.minutes * 60_000;
    const running = new Set<Promise<void>>();
    let placed = 1;
    try {
      while (placed < options.calls && performance.now() < deadline) {
        while (running.size < options.concurrency && placed < options.calls && performance.now() < deadline) {
          const call = place(nextKind()).finally(() => running.delete(call));
          running.add(call);
          placed++;
          await sleep(50);
        }
        if (running.size > 0) await Promise.race(running);
      }
      await Promise.all(running);
    } finally {
      clearInterval(rotate);
      clearInterval(sampler);
      voiceLive.setFaults({});
    }

    const settled = await settle(worker.process, worker.pid, baseline, baselineFds);
    const finalFds = sampleProcess(worker.pid)?.openFds ?? 0;
    const workerAlive = worker.process.running;
    const exitCode = await worker.stop();
    const stored = await readCallRecords(azurite.connectionString, CALL_RECORDS_TABLE);
    const checks = [
      {
        name: "no crashed process",
        ok: workerAlive && exitCode === 0,
        detail: `worker ${workerAlive ? "ran to the end" : "died during the soak"}, exit code ${exitCode} after SIGTERM`,
      },
      leakCheck(baseline, settled, baselineFds, finalFds),
      memoryCheck(rssSamples),
      storedRecordsCheck(stored, outcomes),
      recordsCheck(workerLog, outcomes),
      tokensCheck(outcomes),
    ];
    const calls = Object.fromEntries(SOAK_CALL_KINDS.map((k) => [k, 0])) as Record<SoakCallKind, number>;
    for (const outcome of outcomes) calls[outcome.kind]++;
    return {
      ok: checks.every((c) => c.ok),
      checks,
      durationMs: performance.now() - started,
      calls,
      voiceLiveFaults: faultCounts,
      rssSlopeMbPerMinute: (slopeBytesPerMs(rssSamples) * 60_000) / 2 ** 20,
      workerLog,
    };
  } finally {
    await worker.stop();
    await voiceLive.close();
    await acs.close();
    await azurite.close();
  }
}

/** Every accepted call has its record in Table Storage, closed (state ended, end reason, end time), turns whole. */
function storedRecordsCheck(stored: Map<string, StoredCallRecord>, outcomes: SoakCallOutcome[]): SoakCheck {
  const accepted = outcomes.filter((o) => o.accepted);
  const problems: string[] = [];
  let turns = 0;
  for (const outcome of accepted) {
    const record = stored.get(outcome.callConnectionId);
    if (!record) {
      problems.push(`${outcome.callConnectionId}: no record`);
      continue;
    }
    turns += record.turnRows;
    if (record.callState !== "ended" || !record.endReason || !record.mediaEndedAt)
      problems.push(
        `${outcome.callConnectionId}: state ${record.callState ?? "none"}, end reason ${record.endReason ?? "none"}`,
      );
    if (record.incompleteTurnRows > 0)
      problems.push(`${outcome.callConnectionId}: ${record.incompleteTurnRows} incomplete turns`);
  }
  const refusedWithRecord = outcomes.filter((o) => !o.accepted && stored.has(o.callConnectionId)).length;
  if (refusedWithRecord) problems.push(`${refusedWithRecord} refused calls have a record`);
  return {
    name: "every call record complete and closed (Table Storage)",
    ok: problems.length === 0,
    detail: `${accepted.length} accepted calls, ${stored.size} records in Azurite (${turns} turn rows)${problems.length ? `; problems: ${problems.slice(0, 5).join("; ")}` : ", each ended with a reason and an end time"}`,
  };
}

/**
 * Waits for the worker to have no call, no more handles and no more open descriptors than at the baseline
 * (or for time to run out). Pooled keep-alive connections (call records, JWKS) are closed by their servers
 * after a few idle seconds, so a descriptor that stays past the timeout is a leak.
 */
async function settle(
  worker: Parameters<typeof requestWorkerStats>[0],
  pid: number,
  baseline: WorkerDebugStats,
  baselineFds: number,
) {
  const until = performance.now() + SETTLE_TIMEOUT_MS;
  const openFds = () => sampleProcess(pid)?.openFds ?? Number.POSITIVE_INFINITY;
  let stats = await requestWorkerStats(worker);
  while (
    performance.now() < until &&
    (stats.activeCalls > 0 || excess(baseline, stats).length > 0 || openFds() > baselineFds)
  ) {
    await sleep(500);
    stats = await requestWorkerStats(worker);
  }
  return stats;
}

function excess(baseline: WorkerDebugStats, now: WorkerDebugStats): string[] {
  return Object.entries(now.resources)
    .filter(([kind, count]) => count > (baseline.resources[kind] ?? 0))
    .map(([kind, count]) => `${kind} ${baseline.resources[kind] ?? 0} → ${count}`);
}

function leakCheck(
  baseline: WorkerDebugStats,
  settled: WorkerDebugStats,
  baselineFds: number,
  finalFds: number,
): SoakCheck {
  const grown = excess(baseline, settled);
  const ok = settled.activeCalls === 0 && grown.length === 0 && finalFds <= baselineFds;
  const resources = Object.entries(settled.resources)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(", ");
  return {
    name: "sockets, handles and timers back to baseline",
    ok,
    detail: `${settled.activeCalls} calls left; handles now: ${resources || "none"}${grown.length ? `; above baseline: ${grown.join(", ")}` : " (none above baseline)"}; open fds ${baselineFds} → ${finalFds}`,
  };
}

function memoryCheck(samples: { atMs: number; rssBytes: number }[]): SoakCheck {
  const half = samples.slice(Math.floor(samples.length / 2));
  const first = half[0];
  const last = half[half.length - 1];
  if (!first || !last) return { name: "memory flat", ok: false, detail: "no memory samples" };
  const growth = last.rssBytes - first.rssBytes;
  const slope = (slopeBytesPerMs(half) * 60_000) / 2 ** 20;
  return {
    name: "memory flat",
    ok: growth <= FLAT_RSS_GROWTH_BYTES,
    detail: `RSS ${(first.rssBytes / 2 ** 20).toFixed(1)} → ${(last.rssBytes / 2 ** 20).toFixed(1)} MB over the second half of the run (least-squares slope ${slope.toFixed(2)} MB/min; limit +${FLAT_RSS_GROWTH_BYTES / 2 ** 20} MB)`,
  };
}

function recordsCheck(workerLog: string, outcomes: SoakCallOutcome[]): SoakCheck {
  const { calls, fatalLines } = readCallLog(workerLog);
  const byConnection = new Map(calls.map((c) => [c.callConnectionId, c]));
  const accepted = outcomes.filter((o) => o.accepted);
  const problems: string[] = [];
  for (const outcome of accepted) {
    const logged = byConnection.get(outcome.callConnectionId);
    if (!logged) problems.push(`${outcome.callConnectionId}: no record`);
    else if (!logged.started || logged.endings !== 1 || !logged.reason || !logged.metrics)
      problems.push(`${outcome.callConnectionId}: started ${logged.started}, ended ${logged.endings} times`);
  }
  const unmatched = calls.filter((c) => !accepted.some((o) => o.callConnectionId === c.callConnectionId));
  if (unmatched.length) problems.push(`${unmatched.length} calls in the log that no client placed`);
  if (fatalLines) problems.push(`${fatalLines} fatal log lines`);
  const reasons: Record<string, number> = {};
  for (const c of calls) reasons[c.reason ?? "none"] = (reasons[c.reason ?? "none"] ?? 0) + 1;
  return {
    name: "every call summary complete and closed (worker log)",
    ok: problems.length === 0,
    detail: `${accepted.length} accepted calls, ${calls.length} in the worker's per-call summaries (its "call started"/"call ended" log lines; end reasons ${JSON.stringify(reasons)})${problems.length ? `; problems: ${problems.slice(0, 5).join("; ")}` : ""}`,
  };
}

function tokensCheck(outcomes: SoakCallOutcome[]): SoakCheck {
  const forged = outcomes.filter((o) => o.kind === "forged-token");
  const refused = forged.filter((o) => !o.accepted && o.upgradeStatus === 401);
  return {
    name: "every forged token refused",
    ok: refused.length === forged.length,
    detail: `${refused.length} of ${forged.length} upgrades with a bad token refused with 401`,
  };
}

function slopeBytesPerMs(samples: { atMs: number; rssBytes: number }[]): number {
  return linearFit(samples.map((s) => ({ x: s.atMs, y: s.rssBytes }))).slope;
}

function shuffle<T>(random: () => number, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
