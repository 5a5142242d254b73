import { TableClient } from "@azure/data-tables";

/** The worker's call record of one call, as Table Storage (Azurite) holds it. */
export interface StoredCallRecord {
  callConnectionId: string;
  callState: string | undefined;
  endReason: string | undefined;
  mediaEndedAt: Date | undefined;
  turnRows: number;
  /** Turn rows without a status (a turn written half). */
  incompleteTurnRows: number;
}

/** Reads every call record (summary row "call" + turn rows) of the worker's table. */
export async function readCallRecords(
  connectionString: string,
  table: string,
): Promise<Map<string, StoredCallRecord>> {
  const client = TableClient.fromConnectionString(connectionString, table, { allowInsecureConnection: true });
  const records = new Map<string, StoredCallRecord>();
  const recordOf = (id: string) => {
    let record = records.get(id);
    if (!record) {
      record = {
        callConnectionId: id,
        callState: undefined,
        endReason: undefined,
        mediaEndedAt: undefined,
        turnRows: 0,
        incompleteTurnRows: 0,
      };
      records.set(id, record);
    }
    return record;
  };
  try {
    for await (const entity of client.listEntities<Record<string, unknown>>()) {
      const { partitionKey, rowKey } = entity;
      if (partitionKey === undefined || rowKey === undefined) continue;
      const record = recordOf(partitionKey);
      if (rowKey === "call") {
        record.callState = typeof entity.callState === "string" ? entity.callState : undefined;
        record.endReason = typeof entity.endReason === "string" ? entity.endReason : undefined;
        record.mediaEndedAt = entity.mediaEndedAt instanceof Date ? entity.mediaEndedAt : undefined;
      } else if (rowKey.startsWith("turn-")) {
        record.turnRows++;
        if (typeof entity.status !== "string") record.incompleteTurnRows++;
      }
    }
  } catch (error) {
    // No table yet: the worker wrote no record at all.
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
  }
  return records;
}
