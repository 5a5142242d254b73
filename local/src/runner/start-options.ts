// `npm start -- [options]`: what the user can change about the offline call.

import { parseArgs } from "node:util";
import type { AcsAudioFormat } from "@acs-voice/shared";

export interface StartOptions {
  /** A WAV of the caller's side; default: synthesised from the scenario's caller lines. */
  callerWav: string | undefined;
  /** Voice Live emulator scenario; default local/scenarios/default.json. */
  scenarioFile: string | undefined;
  format: AcsAudioFormat;
  verbose: boolean;
  /**
   * Two emulated Voice Live resources, the first refusing new connections (429, as at its quota): the
   * worker's pool takes it out of rotation, the call goes to the second, and the summary shows each one.
   */
  throttle: boolean;
  /** Call folders go here, one per run: <outDir>/<time>/. */
  outDir: string;
  /** The run is abandoned (and fails) after this long, whatever happens. */
  timeoutMs: number;
  help: boolean;
}

export const DEFAULT_OUT_DIR = "out/calls";
export const DEFAULT_TIMEOUT_MS = 90_000;

export const START_USAGE = `Usage: npm start -- [options]

Places one phone call through the whole system on this machine (ACS and Voice Live emulated, offline)
and writes its recording, transcript and timeline.

Options:
  --scenario FILE   what the emulated model says (JSON, see local/scenarios/README.md);
                    default local/scenarios/default.json
  --caller FILE     what the caller says (WAV, any rate, mono or stereo); default: the scenario's
                    caller lines, synthesised. The emulated model answers the caller's Nth
                    utterance with the scenario's turn N, so give a scenario that fits.
  --format 16k|24k  the call's audio format, pcm16KMono or pcm24KMono (default 24k)
  --out DIR         where call folders go (default out/calls)
  --timeout SEC     give up after this many seconds (default 90)
  --throttle        two emulated Voice Live resources, the first at its connection quota (429):
                    the call goes to the second, and the summary shows each resource's
                    connections, refusals, tokens and time out of rotation
  --verbose         echo every process's log to the console (plain progress lines)
  -h, --help        this text
`;

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export function parseStartOptions(argv: readonly string[]): StartOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  return {
    callerWav: values.caller,
    scenarioFile: values.scenario,
    format: parseFormat(values.format),
    verbose: values.verbose ?? false,
    throttle: values.throttle ?? false,
    outDir: values.out ?? DEFAULT_OUT_DIR,
    timeoutMs: parseTimeout(values.timeout),
    help: values.help ?? false,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      caller: { type: "string" },
      scenario: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      timeout: { type: "string" },
      verbose: { type: "boolean", short: "v" },
      throttle: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

function parseFormat(value: string | undefined): AcsAudioFormat {
  switch (value?.toLowerCase()) {
    case undefined:
    case "24k":
    case "24000":
    case "pcm24kmono":
      return "pcm24KMono";
    case "16k":
    case "16000":
    case "pcm16kmono":
      return "pcm16KMono";
    default:
      throw new UsageError(`--format must be 16k or 24k, not "${value}"`);
  }
}

function parseTimeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw new UsageError("--timeout must be a number of seconds between 1 and 3600");
  }
  return Math.round(seconds * 1000);
}
