/** How the bench was asked to run. */
export interface BenchContext {
  /** `--quick`: fewer rounds, shorter load windows, a coarser capacity search (about a minute and a half). */
  quick: boolean;
}

/** One part of BENCHMARKS.md. Add a section by writing a file that exports one and listing it in sections.ts. */
export interface BenchSection {
  title: string;
  /** Runs the measurements and returns the section's body as markdown (tables, notes). */
  run(context: BenchContext): Promise<string>;
}
