// `npm run soak -- --calls N --minutes M [--concurrency C] [--seed S]`: churns calls with random faults
// through one media worker process on loopback and checks it is left as it was. Exit code 1 on a failed check.
import os from "node:os";
import { writeSoakBlock } from "./benchmarks-block.js";
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
  if (options.write) {
    const command = `npm run soak -- ${process.argv.slice(2).join(" ")}`;
    writeSoakBlock(
      [
        "## Soak",
        "",
        `- Command: \`${command}\``,
        `- Date: ${new Date().toISOString()}; Node ${process.version}; load average (1 min) at the end ${os.loadavg()[0]?.toFixed(2)}`,
        "- Calls go through one worker process (media-worker/dist/main.js) with the ACS and Voice Live emulators on",
        "  loopback. Kinds come in shuffled rounds: a normal caller (speaks, waits 3 s, hangs up), a line that drops",
        "  (TCP reset at a random moment), a line that sends malformed frames (the call must go on), a frame over",
        "  the 256 KB limit (closed 1009), an upgrade with a bad token (forged, expired, wrong audience or issuer,",
        "  alg none, HS256). Every 3 s the Voice Live emulator's fault plan changes at random (drop 1006, close",
        "  1011, drop mid-response, error event, half-speed audio, 1.5 s first-audio delay, or none).",
        "- Call records: every accepted call must have its record in Table Storage (Azurite, written by the",
        "  worker as in production: summary row with state `ended`, end reason and end time; every turn row with",
        "  a status) and exactly one `call started` / `call ended` pair in the worker's own log; refused calls none.",
        "- Leaks: the worker (MEDIA_WORKER_DEBUG_STATS=1) reports its live calls and active handles by kind over",
        "  IPC; after the churn they must be back to the baseline taken after a first call, as must its open file",
        "  descriptors (/proc). Memory: RSS growth over the second half of the run, limit 16 MB.",
        "",
        "```",
        ...lines,
        "```",
      ].join("\n"),
    );
    process.stderr.write("soak: result written to BENCHMARKS.md\n");
  }
  if (!report.ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`soak failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
