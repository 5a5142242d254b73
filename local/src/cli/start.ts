// `npm start`: a whole phone call on this machine, offline, through the real processes (see
// runner/call-runner.ts). Exit code 0 when the call went through, 1 when something failed, 2 on bad usage.

import { runOfflineCall } from "../runner/call-runner.js";
import { parseStartOptions, START_USAGE, type StartOptions, UsageError } from "../runner/start-options.js";
import { defaultScenarioPath } from "../voicelive/index.js";

let options: StartOptions;
try {
  options = parseStartOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\n\n${START_USAGE}`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(START_USAGE);
  process.exit(0);
}

// A closed pipe (`npm start | head`) must not crash the run and strand its children: output is dropped.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});

// Ctrl-C / SIGTERM: the runner stops every child, then this process exits 1.
const interrupt = new AbortController();
process.once("SIGINT", () => interrupt.abort());
process.once("SIGTERM", () => interrupt.abort());

const interactive = Boolean(process.stdout.isTTY) && !options.verbose && !process.env.CI;
const result = await runOfflineCall({
  scenarioFile: options.scenarioFile ?? defaultScenarioPath(),
  callerWav: options.callerWav,
  format: options.format,
  outDir: options.outDir,
  timeoutMs: options.timeoutMs,
  verbose: options.verbose,
  throttle: options.throttle,
  out: process.stdout,
  interactive,
  color: interactive && !process.env.NO_COLOR,
  signal: interrupt.signal,
});

if (result.ok) {
  process.stdout.write(`\n${result.summary ?? ""}\n`);
  process.stdout.write(
    `\nListen to call.wav (caller left, bot right), read transcript.md, open timeline.svg in\n  ${result.callDir}\n`,
  );
  process.exit(0);
}
const failure = result.failure;
process.stderr.write(`\nFAILED: ${failure?.what ?? "unknown error"}\n`);
if (failure?.logFile) process.stderr.write(`  see ${failure.logFile}\n`);
process.stderr.write(`  all logs: ${result.callDir}/logs\n`);
process.exit(1);
