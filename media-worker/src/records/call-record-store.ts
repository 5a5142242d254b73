import { TableClient, type TableEntity } from "@azure/data-tables";
import { DefaultAzureCredential } from "@azure/identity";
import type { CallRecordsConfig } from "../config.js";
import { withoutTranscripts } from "./without-transcripts.js";

/** Values a Table Storage property can hold (what the record writer uses of them). */
export type RecordValue = string | number | boolean | Date;
export type RecordFields = Record<string, RecordValue | undefined>;

/** Where call records go: one partition per call, the summary row "call" plus one row per turn. */
export interface CallRecordStore {
  /** Merges `fields` into the row (creating it when absent); other properties are left alone. */
  merge(callConnectionId: string, rowKey: string, fields: RecordFields): Promise<void>;
}

/** The row shared with the functions app (it writes state/lastEvent/caller there). */
export const SUMMARY_ROW_KEY = "call";

export function turnRowKey(index: number): string {
  return `turn-${String(index).padStart(6, "0")}`;
}

/**
 * Table Storage (Azurite locally): a connection string, or the table endpoint with the worker's
 * managed identity. The table is created on first use; upserts are Merge, so the functions app's
 * columns in the shared row survive the worker's writes and the other way round. Without transcripts
 * (`config.transcripts` false), what was said never reaches the table.
 */
export function createTableCallRecordStore(config: CallRecordsConfig): CallRecordStore {
  const store = tableStore(config);
  return config.transcripts ? store : withoutTranscripts(store);
}

function tableStore(config: CallRecordsConfig): CallRecordStore {
  const target = config.target;
  const client =
    "connectionString" in target
      ? TableClient.fromConnectionString(target.connectionString, config.table, {
          allowInsecureConnection: isLoopback(target.connectionString),
        })
      : new TableClient(target.endpoint, config.table, new DefaultAzureCredential());
  let ready: Promise<void> | undefined;
  const ensureTable = () => {
    ready ??= client.createTable().catch((error: unknown) => {
      ready = undefined; // retried on the next write
      throw error;
    });
    return ready;
  };
  return {
    async merge(callConnectionId, rowKey, fields) {
      await ensureTable();
      const entity: TableEntity<Record<string, RecordValue>> = {
        partitionKey: callConnectionId,
        rowKey,
      };
      for (const [name, value] of Object.entries(fields)) if (value !== undefined) entity[name] = value;
      await client.upsertEntity(entity, "Merge");
    },
  };
}

function isLoopback(connectionString: string): boolean {
  return /(127\.0\.0\.1|localhost|UseDevelopmentStorage=true)/i.test(connectionString);
}
