// The call record as the functions app sees it: one row per call connection (partition = call
// connection id, row "call") with its state, last event, a few times and the masked caller. The media
// worker merges its own columns (end reason, turns, usage, cost) into the same row and writes one row
// per turn beside it, so both writers update with Merge and never replace each other's properties.
import type { TableClient } from "@azure/data-tables";
import { isTableStatus, tableReadiness } from "../storage/table-client.js";

export type CallState = "created" | "answered" | "connected" | "disconnected" | "failed";
export type CallDirection = "inbound" | "outbound";

export interface CallRecordUpdate {
  callConnectionId: string;
  /** Omitted when the event does not change the state (ParticipantsUpdated, PlayCompleted, …). */
  state?: CallState;
  event: string;
  /** When the event happened (the ACS event time, else when it was received). */
  at: Date;
  correlationId?: string | undefined;
  direction?: CallDirection;
  /** The caller, already masked (maskIdentifier); set once. */
  caller?: string | undefined;
}

export interface CallRecord {
  callConnectionId: string;
  state: CallState | undefined;
  direction: CallDirection | undefined;
  correlationId: string | undefined;
  caller: string | undefined;
  lastEvent: string;
  lastEventAt: Date;
  createdAt: Date;
  connectedAt: Date | undefined;
  endedAt: Date | undefined;
}

export interface CallRecords {
  apply(update: CallRecordUpdate): Promise<void>;
  get(callConnectionId: string): Promise<CallRecord | undefined>;
}

export const CALL_RECORDS_TABLE = "callrecords";
const ROW_KEY = "call";
const MAX_WRITE_ATTEMPTS = 5;

// Callbacks can arrive out of order and twice; the state only moves forward.
const STATE_RANK: Record<CallState, number> = {
  created: 0,
  answered: 0,
  connected: 1,
  disconnected: 2,
  failed: 2,
};

interface CallRecordEntity {
  partitionKey: string;
  rowKey: string;
  state?: CallState;
  direction?: CallDirection;
  correlationId?: string;
  caller?: string;
  lastEvent: string;
  lastEventAt: Date;
  createdAt: Date;
  connectedAt?: Date;
  endedAt?: Date;
}

export function nextCallRecord(
  current: CallRecordEntity | undefined,
  update: CallRecordUpdate,
): CallRecordEntity {
  const base: CallRecordEntity = current ?? {
    partitionKey: update.callConnectionId,
    rowKey: ROW_KEY,
    lastEvent: update.event,
    lastEventAt: update.at,
    createdAt: update.at,
  };
  const next: CallRecordEntity = { ...base };
  if (update.at.getTime() >= base.lastEventAt.getTime() || current === undefined) {
    next.lastEvent = update.event;
    next.lastEventAt = update.at;
  }
  if (
    update.state !== undefined &&
    (base.state === undefined || STATE_RANK[update.state] > STATE_RANK[base.state])
  ) {
    next.state = update.state;
  }
  if (update.state === "connected" && base.connectedAt === undefined) next.connectedAt = update.at;
  if ((update.state === "disconnected" || update.state === "failed") && base.endedAt === undefined) {
    next.endedAt = update.at;
  }
  if (next.direction === undefined && update.direction !== undefined) next.direction = update.direction;
  if (next.correlationId === undefined && update.correlationId !== undefined)
    next.correlationId = update.correlationId;
  if (next.caller === undefined && update.caller !== undefined) next.caller = update.caller;
  return next;
}

export function createTableCallRecords(client: TableClient): CallRecords {
  const ready = tableReadiness(client);

  return {
    // Read-modify-write with optimistic concurrency: two callbacks for one call can be processed at once.
    async apply(update) {
      await ready();
      for (let attempt = 1; ; attempt += 1) {
        const current = await read(client, update.callConnectionId);
        const next = nextCallRecord(current?.entity, update);
        try {
          if (current === undefined) await client.createEntity(next);
          // Merge: the worker's columns in the same row are left as they are.
          else await client.updateEntity(next, "Merge", { etag: current.etag });
          return;
        } catch (error) {
          const conflict = isTableStatus(error, 409) || isTableStatus(error, 412);
          if (!conflict || attempt >= MAX_WRITE_ATTEMPTS) throw error;
        }
      }
    },

    async get(callConnectionId) {
      await ready();
      const current = await read(client, callConnectionId);
      if (current?.entity === undefined) return undefined;
      const { entity } = current;
      return {
        callConnectionId,
        state: entity.state,
        direction: entity.direction,
        correlationId: entity.correlationId,
        caller: entity.caller,
        lastEvent: entity.lastEvent,
        lastEventAt: entity.lastEventAt,
        createdAt: entity.createdAt,
        connectedAt: entity.connectedAt,
        endedAt: entity.endedAt,
      };
    },
  };
}

async function read(
  client: TableClient,
  callConnectionId: string,
): Promise<{ entity: CallRecordEntity | undefined; etag: string } | undefined> {
  try {
    const stored = await client.getEntity<Partial<CallRecordEntity>>(callConnectionId, ROW_KEY);
    // A row the media worker created first has none of our columns yet.
    if (
      stored.lastEvent === undefined ||
      stored.lastEventAt === undefined ||
      stored.createdAt === undefined
    ) {
      return { entity: undefined, etag: stored.etag };
    }
    const entity: CallRecordEntity = {
      partitionKey: callConnectionId,
      rowKey: ROW_KEY,
      lastEvent: stored.lastEvent,
      lastEventAt: new Date(stored.lastEventAt),
      createdAt: new Date(stored.createdAt),
      ...(stored.state === undefined ? {} : { state: stored.state }),
      ...(stored.direction === undefined ? {} : { direction: stored.direction }),
      ...(stored.correlationId === undefined ? {} : { correlationId: stored.correlationId }),
      ...(stored.caller === undefined ? {} : { caller: stored.caller }),
      ...(stored.connectedAt === undefined ? {} : { connectedAt: new Date(stored.connectedAt) }),
      ...(stored.endedAt === undefined ? {} : { endedAt: new Date(stored.endedAt) }),
    };
    const { etag } = stored;
    return { entity, etag };
  } catch (error) {
    if (isTableStatus(error, 404)) return undefined;
    throw error;
  }
}
