// The Voice Live pool as production runs it: two media worker processes (media-worker/dist/main.js), three
// emulated Voice Live resources and the budgets the workers share through Azurite. The first resource
// throttles (its own quota is one connection below what the workers were told, so it answers 429 above
// that rate), the second goes away while it carries calls, the third is steady. Every caller must hear the
// bot and hang up themselves, and no resource may see more connection attempts than its budget plus the
// documented margin (R − 1 = 1 for two replicas), over both workers together.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TableClient } from "@azure/data-tables";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AcsEmulator, startAcsEmulator } from "../../src/acs/index.js";
import { type MediaCallReport, startMediaClient } from "../../src/acs/media/index.js";
import { type Azurite, startAzurite } from "../../src/azurite/index.js";
import { mediaWorkerEnv } from "../../src/env/emulator-env.js";
import { startWorkerProcess, type WorkerProcess } from "../../src/load/worker-process.js";
import {
  buildCallerAudio,
  type Scenario,
  startVoiceLiveEmulator,
  type VoiceLiveEmulator,
} from "../../src/voicelive/index.js";

const GREETING = "Hello, thanks for calling.";
const REPLY_ORDER = "Your order shipped yesterday.";
const REPLY_BYE = "You are welcome, bye.";
const SCENARIO: Scenario = {
  greeting: GREETING,
  turns: [
    { caller: "Where is my order?", reply: REPLY_ORDER },
    { caller: "Thanks a lot.", reply: REPLY_BYE },
  ],
};
const SAMPLE_RATE_HZ = 24_000;
/** Each reply a tone of its own, far from the trouble tone (660 + 440 Hz) and the busy signal (425 Hz). */
const TONE_HZ = new Map([
  [GREETING, 900],
  [REPLY_ORDER, 1_200],
  [REPLY_BYE, 1_500],
]);
const CALLS = 10;
/** The workers' budgets (connections per minute) on the three resources. */
const BUDGET = { throttling: 4, failing: 10, steady: 10 };
/** Two replicas: each can miss the other's one connection decided in the same round trip. */
const MARGIN = 1;

function tone(text: string, sampleRateHz: number, who: "bot" | "caller" = "bot"): Int16Array {
  const hz = who === "caller" ? 220 : (TONE_HZ.get(text) ?? 1_800);
  const samples = new Int16Array(Math.round((text.length * 60 * sampleRateHz) / 1000));
  for (let i = 0; i < samples.length; i++) {
    samples[i] = Math.round(8_000 * Math.sin((2 * Math.PI * hz * i) / sampleRateHz));
  }
  return samples;
}

/** Dominant frequency of each 20 ms frame, from zero crossings (0 for silence). */
function frameHz(samples: Int16Array): number[] {
  const frame = (SAMPLE_RATE_HZ * 20) / 1000;
  const out: number[] = [];
  for (let start = 0; start + frame <= samples.length; start += frame) {
    let crossings = 0;
    let energy = 0;
    for (let i = start; i < start + frame; i++) {
      const s = samples[i] ?? 0;
      energy += s * s;
      if (i > start && s >= 0 !== (samples[i - 1] ?? 0) >= 0) crossings++;
    }
    out.push(Math.sqrt(energy / frame) < 300 ? 0 : (crossings / 2) * 50);
  }
  return out;
}

const near = (measured: number, hz: number) => measured !== 0 && Math.abs(measured - hz) <= 50;
const heardMs = (report: MediaCallReport, hz: number) =>
  frameHz(report.heard).filter((measured) => near(measured, hz)).length * 20;

let azurite: Azurite;
let acs: AcsEmulator;
let logDir: string;
const emulators: VoiceLiveEmulator[] = [];
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  logDir = mkdtempSync(join(tmpdir(), "pool-process-"));
  [azurite, acs] = await Promise.all([startAzurite(), startAcsEmulator()]);
}, 60_000);

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await Promise.all(emulators.map((emulator) => emulator.close().catch(() => {})));
  await acs?.close();
  await azurite?.close();
  rmSync(logDir, { recursive: true, force: true });
});

async function startResource(quota?: { connectionsPerMinute: number }): Promise<VoiceLiveEmulator> {
  const emulator = await startVoiceLiveEmulator({
    scenario: SCENARIO,
    synthesize: (text, hz) => tone(text, hz),
    ...(quota ? { quota } : {}),
  });
  emulators.push(emulator);
  return emulator;
}

async function placeCall(worker: WorkerProcess, index: number): Promise<MediaCallReport> {
  const caller = buildCallerAudio(SCENARIO, SAMPLE_RATE_HZ, {
    synthesize: tone,
    greetingDelayMs: 1_000,
    replyDelayMs: 1_500,
    gapAfterReplyMs: 1_200,
    trailingSilenceMs: 1_500,
  });
  const client = startMediaClient({
    transportUrl: worker.mediaUrl,
    authorization: `Bearer ${await acs.mintToken("valid")}`,
    callConnectionId: `conn-pool-${index}`,
    correlationId: `corr-pool-${index}`,
    format: "pcm24KMono",
    caller: caller.samples,
    trailingSilenceMs: 500,
  });
  return client.done;
}

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("two worker processes, three Voice Live resources: one throttling, one going away", () => {
  it("answers every call and keeps each resource within its budget", { timeout: 120_000 }, async () => {
    // Its real quota is one connection below what the workers were told: above that it answers 429.
    const throttling = await startResource({ connectionsPerMinute: BUDGET.throttling - 1 });
    const failing = await startResource();
    const steady = await startResource();
    const env = {
      ...mediaWorkerEnv({
        acs,
        audioFormat: "pcm24KMono",
        voiceLive: {
          endpoints: [
            `throttling=${throttling.url};weight=2;connectionsPerMinute=${BUDGET.throttling}`,
            `failing=${failing.url};connectionsPerMinute=${BUDGET.failing}`,
            `steady=${steady.url};connectionsPerMinute=${BUDGET.steady}`,
          ].join(","),
          apiKey: throttling.apiKey,
        },
        // The shared budgets (and the call records) in Azurite.
        tables: azurite,
      }),
      GREETING: "Greet the caller.",
      // These calls are dialled straight at the workers, with no functions app (and no ticket) behind them.
      CALL_TICKETS: "off",
      DRAIN_GRACE_MS: "1000",
    };
    for (const name of ["worker-a", "worker-b"]) {
      workers.push(
        await startWorkerProcess({
          env: { ...env, WORKER_ID: name },
          logFile: join(logDir, `${name}.log`),
        }),
      );
    }

    const calls: Promise<MediaCallReport>[] = [];
    const sessions = () => emulators.reduce((sum, emulator) => sum + emulator.sessions.length, 0);
    for (let i = 0; i < CALLS; i++) {
      if (i === CALLS / 2 + 1) {
        // The second resource goes away while it carries calls.
        await until(
          () => sessions() >= i && failing.sessions.some((s) => !s.closed),
          "calls on every resource",
        );
        await failing.close();
      }
      calls.push(placeCall(workers[i % 2] as WorkerProcess, i));
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
    const reports = await Promise.all(calls);

    // Every call answered: the caller heard the greeting and the answers, no trouble tone, and hung up.
    for (const report of reports) {
      expect(heardMs(report, TONE_HZ.get(GREETING) as number)).toBeGreaterThan(0);
      expect(heardMs(report, TONE_HZ.get(REPLY_BYE) as number)).toBeGreaterThan(0);
      expect(heardMs(report, 660) + heardMs(report, 440)).toBe(0);
      expect(report.endedBy).toBe("caller");
    }
    expect(acs.requests.filter((r) => r.path.includes(":terminate"))).toEqual([]);

    // The throttling resource did throttle, the failing one carried calls before it went away.
    expect(throttling.rejectedUpgrades.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(failing.sessions.length).toBeGreaterThan(0);
    // Budgets: connection attempts each resource saw, over both workers, within budget + margin.
    const attempts = (emulator: VoiceLiveEmulator) =>
      emulator.sessions.length + emulator.rejectedUpgrades.length;
    expect(attempts(throttling)).toBeLessThanOrEqual(BUDGET.throttling + MARGIN);
    expect(attempts(failing)).toBeLessThanOrEqual(BUDGET.failing + MARGIN);
    expect(attempts(steady)).toBeLessThanOrEqual(BUDGET.steady + MARGIN);
    // Both workers kept what they used in the shared ledger, where each reads the other's.
    const ledger = TableClient.fromConnectionString(azurite.connectionString, "voiceliveusage", {
      allowInsecureConnection: true,
    });
    const replicas = new Set<string>();
    for await (const row of ledger.listEntities<{ replica?: string }>()) {
      if (row.replica) replicas.add(row.replica);
    }
    expect(replicas.size).toBe(2);
  });
});
