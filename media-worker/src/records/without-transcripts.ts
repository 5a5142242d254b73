import type { CallRecordStore } from "./call-record-store.js";

/** The columns of a turn row that hold what was said (call-record-writer.ts `turnFields`). */
export const TRANSCRIPT_FIELDS = ["callerText", "botText"] as const;

/**
 * A store that never keeps what was said (CALL_RECORDS_TRANSCRIPTS=false): the words are dropped at
 * the storage boundary, so no writer can put them in a row; timings, usage, tools and the end stay.
 */
export function withoutTranscripts(store: CallRecordStore): CallRecordStore {
  return {
    merge(callConnectionId, rowKey, fields) {
      const kept = { ...fields };
      for (const name of TRANSCRIPT_FIELDS) delete kept[name];
      return store.merge(callConnectionId, rowKey, kept);
    },
  };
}
