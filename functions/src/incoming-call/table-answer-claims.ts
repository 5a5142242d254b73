import type { TableClient } from "@azure/data-tables";
import { isTableStatus, tableReadiness } from "../storage/table-client.js";
import type { AnswerClaims, ClaimResult, ClaimState } from "./answer-claims.js";

export const ANSWER_CLAIMS_TABLE = "incomingcallclaims";
// Longer than the answer timeout, so a live attempt is never taken over; shorter than Event Grid's
// second retry (10 s + 30 s), so a crashed attempt does not cost the caller the call.
export const DEFAULT_CLAIM_LEASE_MS = 30_000;
const ROW_KEY = "answer";

interface ClaimEntity {
  partitionKey: string;
  rowKey: string;
  state: ClaimState;
  claimedAtMs: number;
  correlationId?: string;
  callConnectionId?: string;
  failureCode?: string;
}

export interface TableAnswerClaimsOptions {
  leaseMs?: number;
  now?: () => number;
}

export function createTableAnswerClaims(
  client: TableClient,
  options: TableAnswerClaimsOptions = {},
): AnswerClaims {
  const leaseMs = options.leaseMs ?? DEFAULT_CLAIM_LEASE_MS;
  const now = options.now ?? Date.now;
  const ready = tableReadiness(client);

  const duplicate = (entity: ClaimEntity): ClaimResult => ({
    kind: "duplicate",
    state: entity.state,
    callConnectionId: entity.callConnectionId,
  });

  return {
    async claim(key, { correlationId }) {
      await ready();
      const entity: ClaimEntity = {
        partitionKey: key,
        rowKey: ROW_KEY,
        state: "claimed",
        claimedAtMs: now(),
        ...(correlationId === undefined ? {} : { correlationId }),
      };
      try {
        await client.createEntity(entity);
        return { kind: "claimed" };
      } catch (error) {
        if (!isTableStatus(error, 409)) throw error;
      }
      let existing: ClaimEntity & { etag: string };
      try {
        existing = await client.getEntity<ClaimEntity>(key, ROW_KEY);
      } catch (error) {
        // Released between our insert and our read: the next delivery will claim it.
        if (isTableStatus(error, 404))
          return { kind: "duplicate", state: "claimed", callConnectionId: undefined };
        throw error;
      }
      if (existing.state !== "claimed" || now() - existing.claimedAtMs < leaseMs) return duplicate(existing);
      try {
        await client.updateEntity(entity, "Replace", { etag: existing.etag });
        return { kind: "claimed" };
      } catch (error) {
        if (isTableStatus(error, 412) || isTableStatus(error, 404)) return duplicate(existing);
        throw error;
      }
    },

    async markAnswered(key, callConnectionId) {
      await client.updateEntity(
        { partitionKey: key, rowKey: ROW_KEY, state: "answered", callConnectionId },
        "Merge",
      );
    },

    async markFailed(key, failureCode) {
      await client.updateEntity(
        { partitionKey: key, rowKey: ROW_KEY, state: "failed", failureCode },
        "Merge",
      );
    },

    async release(key) {
      try {
        await client.deleteEntity(key, ROW_KEY);
      } catch (error) {
        if (!isTableStatus(error, 404)) throw error;
      }
    },
  };
}
