// `npm run soak -- --calls N --minutes M [--concurrency C] [--seed S]`: churns calls with random faults
// through one media worker process on loopback and checks it is left as it was. Exit code 1 on a failed check.
import { runSoak } from "./run-soak.js";
import { parseSoakArgs } from "./soak-options.js";

async function main(): Promise<void> {
  const options = parseSoakArgs(process.argv.slice(2));
  process.stderr.write(
    `soak: ${options.calls} calls, at most ${options.minutes} min, ${options.concurrency} at a time, seed ${options.seed}\n`,
  );
  const report = await runSoak({ ...options, onProgress: (line) => process.stderr.write(`soak: ${line}\n`) });
  const lines = [
    `soak ${report.ok ? "PASSED" : "FAILED"} in ${(report.durationMs / 1000).toFixed(1)} s`,
    `calls: ${Object.entries(report.calls)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(", ")}`,
    `Voice Live faults applied: ${
      Object.entries(report.voiceLiveFaults)
        .map(([name, n]) => `${name} ${n}`)
        .join(", ") || "none"
    }`,
    ...report.checks.map((c) => `${c.ok ? "ok  " : "FAIL"} ${c.name}: ${c.detail}`),
    `worker log: ${report.workerLog}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  if (!report.ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`soak failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
