// The scheduled purge of call records older than CALL_RECORDS_RETENTION_DAYS (call-records-purge.ts).
import type { Job } from "../jobs/job.js";
import type { CallRecordsPurge } from "./call-records-purge.js";

/**
 * Hourly rather than daily: each run is bounded, so a busy line (more calls a day than one run deletes)
 * still catches up, and a run with nothing to delete costs one filtered read of the table.
 */
export const CALL_RECORDS_RETENTION_EVERY_SECONDS = 3_600;
/** Calls deleted per run at most (each: one read of its rows, one transaction per 100 rows). */
export const MAX_PURGED_CALLS_PER_RUN = 500;
const DAY_MS = 86_400_000;

export function callRecordsRetentionJob(
  purge: CallRecordsPurge,
  retentionDays: number,
  now: () => Date = () => new Date(),
  maxCallsPerRun = MAX_PURGED_CALLS_PER_RUN,
): Job {
  return {
    name: "callRecordsRetention",
    everySeconds: CALL_RECORDS_RETENTION_EVERY_SECONDS,
    async run({ log }) {
      const cutoff = new Date(now().getTime() - retentionDays * DAY_MS);
      const { calls, rows, more } = await purge.purge(cutoff, maxCallsPerRun);
      if (calls > 0 || more) log.info("call records purged", { calls, rows, more, retentionDays });
    },
  };
}
