// Loaded with `--import` (NODE_OPTIONS) into the worker under test: records every garbage collection
// (when it ended on the wall clock, how long the main thread paused, and its kind) and writes them to
// GC_STATS_FILE when the process exits, so the bench can take the pauses inside its measured window.
// On SIGUSR2 it also writes a heap snapshot next to that file (the bench's memory breakdown).
import { writeFileSync } from "node:fs";
import { constants, PerformanceObserver, performance } from "node:perf_hooks";
import { writeHeapSnapshot } from "node:v8";

const file = process.env.GC_STATS_FILE;
if (file) {
  /** [wall-clock ms at the end, pause ms, kind] */
  const pauses: [number, number, string][] = [];
  const kinds: Record<number, string> = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: "scavenge",
    [constants.NODE_PERFORMANCE_GC_MAJOR]: "mark-compact",
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weak-callbacks",
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const detail = (entry as { detail?: { kind?: number } }).detail;
      const kind = detail?.kind ?? 0;
      if (pauses.length < 1_000_000) {
        pauses.push([
          performance.timeOrigin + entry.startTime + entry.duration,
          entry.duration,
          kinds[kind] ?? "other",
        ]);
      }
    }
  }).observe({ entryTypes: ["gc"] });
  process.once("exit", () => writeFileSync(file, JSON.stringify(pauses)));
  let snapshots = 0;
  process.on("SIGUSR2", () => {
    writeHeapSnapshot(`${file}.${++snapshots}.heapsnapshot`);
  });
}
