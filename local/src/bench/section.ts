/** One part of BENCHMARKS.md. Add a section by writing a file that exports one and listing it in sections.ts. */
export interface BenchSection {
  title: string;
  /** Runs the measurements and returns the section's body as markdown (tables, notes). */
  run(): Promise<string>;
}
