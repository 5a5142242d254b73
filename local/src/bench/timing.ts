import { type Spread, summarize } from "./statistics.js";

export interface TimingOptions {
  /** Untimed calls first, so the JIT has optimised the code being measured. */
  warmupIterations: number;
  /** Calls per timed round; a round's figure is its mean time per call. */
  iterationsPerRound: number;
  /** Timed rounds; the spread is taken over these. */
  rounds: number;
}

/**
 * Times each subject (a function doing one operation) in interleaved rounds, so that load from other
 * processes on a shared machine falls on all subjects alike rather than on whichever ran last.
 * Returns nanoseconds per operation for each subject.
 */
export function timeInterleaved(
  subjects: ReadonlyMap<string, () => void>,
  options: TimingOptions,
): Map<string, Spread> {
  for (const operation of subjects.values()) {
    for (let i = 0; i < options.warmupIterations; i++) operation();
  }
  const perRound = new Map<string, number[]>([...subjects.keys()].map((name) => [name, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (const [name, operation] of subjects) {
      const started = process.hrtime.bigint();
      for (let i = 0; i < options.iterationsPerRound; i++) operation();
      const elapsedNs = Number(process.hrtime.bigint() - started);
      perRound.get(name)?.push(elapsedNs / options.iterationsPerRound);
    }
  }
  return new Map([...perRound].map(([name, values]) => [name, summarize(values)]));
}
