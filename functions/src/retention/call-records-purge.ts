// Deletes old calls from the call records table (callbacks/call-records.ts, and the media worker's turn
// rows in the same partition). A call is its partition: it goes as a whole, once every row of it was
// last written before the cutoff, so a call that is still being written to is never cut in half.
// Only this table's client is used: no other table can be touched.
import { odata, type TableClient, type TransactionAction } from "@azure/data-tables";
import { isTableStatus, tableReadiness } from "../storage/table-client.js";

export interface PurgeResult {
  /** Calls whose every row was deleted in this run. */
  calls: number;
  rows: number;
  /** More old calls are waiting: the run stopped at its bound. */
  more: boolean;
}

export interface CallRecordsPurge {
  /** Deletes up to `maxCalls` calls whose rows were all last written before `cutoff`. */
  purge(cutoff: Date, maxCalls: number): Promise<PurgeResult>;
}

/** Table Storage takes at most 100 operations in one transaction (all in one partition). */
const MAX_TRANSACTION_ACTIONS = 100;
/** The summary row goes last, so a call cut short by a failure still shows what is left of it. */
const SUMMARY_ROW_KEY = "call";

interface RowKeys {
  rowKey?: string;
  timestamp?: string;
}

export function createTableCallRecordsPurge(client: TableClient): CallRecordsPurge {
  const ready = tableReadiness(client);
  return {
    async purge(cutoff, maxCalls) {
      await ready();
      const result: PurgeResult = { calls: 0, rows: 0, more: false };
      const seen = new Set<string>();
      // Any old row names its call, so a call whose summary row is missing is found by its turns. A
      // filtered scan: the service reads the table and returns the matches page by page.
      const old = client.listEntities<object>({
        queryOptions: { filter: odata`Timestamp lt ${cutoff}`, select: ["PartitionKey"] },
      });
      for await (const row of old) {
        const call = row.partitionKey;
        if (call === undefined || seen.has(call)) continue;
        if (seen.size >= maxCalls) {
          result.more = true;
          break;
        }
        seen.add(call);
        const rows = await purgeCall(client, call, cutoff);
        if (rows > 0) {
          result.calls += 1;
          result.rows += rows;
        }
      }
      return result;
    },
  };
}

/** Deletes the call's rows when none was written since the cutoff; returns how many were deleted. */
async function purgeCall(client: TableClient, call: string, cutoff: Date): Promise<number> {
  const rows: RowKeys[] = [];
  const listed = client.listEntities<object>({
    queryOptions: { filter: odata`PartitionKey eq ${call}`, select: ["RowKey", "Timestamp"] },
  });
  for await (const row of listed) rows.push(row);
  const recent = rows.some((row) => row.timestamp === undefined || new Date(row.timestamp) >= cutoff);
  if (recent) return 0;
  const keys = rows
    .map((row) => row.rowKey)
    .filter((key): key is string => key !== undefined)
    .sort((a, b) => Number(a === SUMMARY_ROW_KEY) - Number(b === SUMMARY_ROW_KEY));
  let deleted = 0;
  for (let start = 0; start < keys.length; start += MAX_TRANSACTION_ACTIONS) {
    const batch = keys.slice(start, start + MAX_TRANSACTION_ACTIONS);
    const actions: TransactionAction[] = batch.map((rowKey) => ["delete", { partitionKey: call, rowKey }]);
    try {
      await client.submitTransaction(actions);
    } catch (error) {
      // A row deleted meanwhile (another run) fails the whole transaction: delete the rest one by one.
      if (!isTableStatus(error, 404)) throw error;
      for (const rowKey of batch) await deleteIfPresent(client, call, rowKey);
    }
    deleted += batch.length;
  }
  return deleted;
}

async function deleteIfPresent(client: TableClient, partitionKey: string, rowKey: string): Promise<void> {
  try {
    await client.deleteEntity(partitionKey, rowKey);
  } catch (error) {
    if (!isTableStatus(error, 404)) throw error;
  }
}
