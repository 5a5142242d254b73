// The usage ledger in the app's data tables (the account every replica already reaches for call tickets):
// one partition, one row per replica and endpoint holding that replica's last minute in 5-second slots.
// A read is a single query of that one partition: one round trip, however many replicas there are. A
// replica replaces only its own rows, so writes never conflict. Rows of replicas gone for ten minutes
// are deleted by whoever reads them (ETag-conditional, so a replica that came back keeps its row).

import type { Clock, TimerHandle } from "@acs-voice/shared";
import { odata, type TableClient } from "@azure/data-tables";
import { dataTableClient, type TableTarget } from "../storage/data-table.js";
import type { LedgerRow, LedgerView, UsageLedger } from "./usage-ledger.js";
import { UsageSlots } from "./usage-slots.js";

export const VOICE_LIVE_USAGE_TABLE = "voiceliveusage";
const PARTITION = "pool";
/** A read slower than this leaves the call start to the replica's own counts (conservatively). */
export const DEFAULT_READ_TIMEOUT_MS = 800;
const WRITE_TIMEOUT_MS = 5_000;
/** A replica that wrote within this long counts as running (its share when the store is unreachable). */
const REPLICA_SEEN_MS = 2 * 60_000;
const STALE_ROW_MS = 10 * 60_000;
const SWEEP_EVERY_MS = 5 * 60_000;

interface UsageEntity {
  endpoint?: unknown;
  replica?: unknown;
  slots?: unknown;
  seenAt?: unknown;
}

export interface TableUsageLedgerOptions {
  /** The app's data tables. */
  target: TableTarget;
  /** This replica's name in the rows: unique among the replicas running at once. */
  replicaId: string;
  clock: Clock;
  /** Wall-clock ms: the slots of every replica line up on it. */
  wallClock: () => number;
  readTimeoutMs?: number;
}

export function createTableUsageLedger(options: TableUsageLedgerOptions): UsageLedger {
  const client: TableClient = dataTableClient(options.target, VOICE_LIVE_USAGE_TABLE);
  const replicaId = options.replicaId.replace(/[^A-Za-z0-9._-]/g, "-").slice(0, 100);
  const { clock, wallClock } = options;
  const readTimeoutMs = options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
  let tableReady: Promise<unknown> | undefined;
  let lastSweepAtMs = Number.NEGATIVE_INFINITY;

  const query = async (signal: AbortSignal): Promise<LedgerView> => {
    const now = wallClock();
    const others: LedgerRow[] = [];
    const replicas = new Set([replicaId]);
    const stale: { rowKey: string; etag: string }[] = [];
    try {
      const rows = client.listEntities<UsageEntity>({
        queryOptions: { filter: odata`PartitionKey eq ${PARTITION}` },
        abortSignal: signal,
      });
      for await (const row of rows) {
        const seenAt = typeof row.seenAt === "number" ? row.seenAt : 0;
        if (seenAt < now - STALE_ROW_MS) {
          if (row.etag && row.rowKey) stale.push({ rowKey: row.rowKey, etag: row.etag });
          continue;
        }
        if (typeof row.replica !== "string" || typeof row.endpoint !== "string") continue;
        if (seenAt >= now - REPLICA_SEEN_MS) replicas.add(row.replica);
        if (row.replica === replicaId || typeof row.slots !== "string") continue;
        others.push({ endpoint: row.endpoint, replica: row.replica, usage: UsageSlots.decode(row.slots) });
      }
    } catch (error) {
      // No table yet: nobody has used anything.
      if ((error as { statusCode?: unknown }).statusCode !== 404) throw error;
    }
    sweep(stale);
    return { others, replicas: replicas.size };
  };

  /** Off the call path, at most every few minutes; a failure leaves the rows for the next sweep. */
  const sweep = (stale: { rowKey: string; etag: string }[]) => {
    if (stale.length === 0 || clock.now() - lastSweepAtMs < SWEEP_EVERY_MS) return;
    lastSweepAtMs = clock.now();
    for (const row of stale.slice(0, 100)) {
      client.deleteEntity(PARTITION, row.rowKey, { etag: row.etag }).catch(() => {});
    }
  };

  return {
    shared: true,
    async read() {
      const controller = new AbortController();
      let timer: TimerHandle | undefined;
      const timedOut = new Promise<undefined>((resolve) => {
        timer = clock.setTimeout(() => {
          controller.abort();
          resolve(undefined);
        }, readTimeoutMs);
      });
      try {
        return await Promise.race([query(controller.signal), timedOut]);
      } catch {
        return undefined;
      } finally {
        if (timer !== undefined) clock.clearTimeout(timer);
      }
    },
    async write(endpoint, slots) {
      // A store that accepts and never answers must not hold this endpoint's writes for good.
      const controller = new AbortController();
      const timer = clock.setTimeout(() => controller.abort(), WRITE_TIMEOUT_MS);
      try {
        tableReady ??= client.createTable({ abortSignal: controller.signal }).catch((error: unknown) => {
          tableReady = undefined; // tried again with the next write
          throw error;
        });
        await tableReady;
        await client.upsertEntity(
          {
            partitionKey: PARTITION,
            rowKey: `${endpoint}~${replicaId}`,
            endpoint,
            replica: replicaId,
            slots,
            seenAt: wallClock(),
          },
          "Replace",
          { abortSignal: controller.signal },
        );
      } finally {
        clock.clearTimeout(timer);
      }
    },
  };
}
