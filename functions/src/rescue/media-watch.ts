// Calls whose media has not started yet. ACS normally reports MediaStreamingStarted or MediaStreamingFailed
// within a second of CallConnected; a call that gets neither would sit in silence, so every connected call
// is written here with a deadline, struck off when its media starts or it ends, and the watchdog
// (media-watchdog.ts) acts on the ones past their deadline. One small partition, so the watchdog's query
// reads only the calls waiting now, never the call history.
import type { TableClient } from "@azure/data-tables";
import { isTableStatus, tableReadiness } from "../storage/table-client.js";

export const MEDIA_WATCH_TABLE = "mediawatch";
const PARTITION = "pending";

export interface OverdueCall {
  callConnectionId: string;
  /** How many times the watchdog already acted on this call (0: never). */
  attempts: number;
}

export interface MediaWatch {
  /** The call connected, or its media is being tried again: its media is due within the deadline. */
  expect(callConnectionId: string, at: Date): Promise<void>;
  /** Its media started, the call ended, or the rescue took it over: stop watching. */
  settle(callConnectionId: string): Promise<void>;
  /**
   * Calls past their deadline at `now`. Each is claimed (an ETag-conditional write), so two watchdog runs
   * never act on the same call twice: a first claim pushes its deadline on, a second removes it.
   */
  claimOverdue(now: Date): Promise<OverdueCall[]>;
}

interface WatchEntity {
  partitionKey: string;
  rowKey: string;
  dueAt: Date;
  attempts?: number;
}

/** Bounds one watchdog run (a backlog is worked through over the next runs). */
const MAX_CLAIMED_PER_RUN = 50;

export function createTableMediaWatch(client: TableClient, deadlineMs: number): MediaWatch {
  const ready = tableReadiness(client);
  const due = (at: Date) => new Date(at.getTime() + deadlineMs);
  return {
    async expect(callConnectionId, at) {
      await ready();
      // Merge keeps `attempts`: a retried call is not given a fresh set of tries.
      await client.upsertEntity(
        { partitionKey: PARTITION, rowKey: callConnectionId, dueAt: due(at) },
        "Merge",
      );
    },
    async settle(callConnectionId) {
      await ready();
      try {
        await client.deleteEntity(PARTITION, callConnectionId);
      } catch (error) {
        if (!isTableStatus(error, 404)) throw error;
      }
    },
    async claimOverdue(now) {
      await ready();
      const claimed: OverdueCall[] = [];
      const entities = client.listEntities<WatchEntity>({
        queryOptions: {
          filter: `PartitionKey eq '${PARTITION}' and dueAt le datetime'${now.toISOString()}'`,
        },
      });
      for await (const entity of entities) {
        if (claimed.length >= MAX_CLAIMED_PER_RUN) break;
        const attempts = entity.attempts ?? 0;
        const etag = entity.etag;
        try {
          if (attempts === 0) {
            await client.updateEntity(
              { partitionKey: PARTITION, rowKey: entity.rowKey, dueAt: due(now), attempts: 1 },
              "Merge",
              { etag },
            );
          } else {
            await client.deleteEntity(PARTITION, entity.rowKey, { etag });
          }
          claimed.push({ callConnectionId: entity.rowKey, attempts });
        } catch (error) {
          // Another run claimed it, or it was settled meanwhile.
          if (!isTableStatus(error, 412) && !isTableStatus(error, 404)) throw error;
        }
      }
      return claimed;
    },
  };
}
