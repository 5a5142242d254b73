/** A soak run: calls churned through one worker with random faults, bounded in count and in time. */
export interface SoakOptions {
  /** Calls to place in all (forged-token attempts included); the run ends when they are done. */
  calls: number;
  /** The run also ends (no new calls; running ones finish) after this long. */
  minutes: number;
  /** Calls up at the same time. */
  concurrency: number;
  /** Seed of the fault choices, so a failing soak can be replayed. */
  seed: number;
  /** Record the result in BENCHMARKS.md (the CLI's `--write`). */
  write?: boolean;
  /** Where the worker's log goes; a temporary directory by default. */
  logDir?: string;
  /** Progress lines (one per call) go here; silent by default. */
  onProgress?: (line: string) => void;
}

export const SOAK_DEFAULTS = { calls: 60, minutes: 2, concurrency: 12, seed: 1 } as const;

/** `--calls N --minutes M [--concurrency C] [--seed S]`; throws a message naming the bad flag. */
export function parseSoakArgs(argv: readonly string[]): SoakOptions {
  const options: SoakOptions = { ...SOAK_DEFAULTS };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    if (flag === "--write") {
      options.write = true;
      i--;
      continue;
    }
    const value = Number(argv[i + 1]);
    const valid = Number.isFinite(value) && value > 0;
    switch (flag) {
      case "--calls":
        if (!valid || !Number.isInteger(value)) throw new Error("--calls needs a positive integer");
        options.calls = value;
        break;
      case "--minutes":
        if (!valid) throw new Error("--minutes needs a positive number");
        options.minutes = value;
        break;
      case "--concurrency":
        if (!valid || !Number.isInteger(value)) throw new Error("--concurrency needs a positive integer");
        options.concurrency = value;
        break;
      case "--seed":
        if (!valid || !Number.isInteger(value)) throw new Error("--seed needs a positive integer");
        options.seed = value;
        break;
      default:
        throw new Error(
          `unknown option ${flag ?? ""} (use --calls N --minutes M [--concurrency C] [--seed S] [--write])`,
        );
    }
  }
  return options;
}
