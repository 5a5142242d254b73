// Hourly caps on outbound calls, over every instance of the app: one count for all calls and one per
// destination, in one Table partition per hour, taken together in a transaction with ETags so two
// instances never both take the last place.
import { createHash } from "node:crypto";
import type { TableClient, TransactionAction } from "@azure/data-tables";
import { isTableStatus, tableReadiness } from "../storage/table-client.js";

export const OUTBOUND_LIMITS_TABLE = "outboundlimits";
const MAX_ATTEMPTS = 6;

export interface OutboundCaps {
  perHour: number;
  perDestinationPerHour: number;
}

export type Take = "taken" | "global-cap" | "destination-cap";

export interface OutboundLimits {
  /** Takes one call for `destination` in the hour of `at`, unless a cap is reached. */
  take(destination: string, at: Date): Promise<Take>;
}

interface CountEntity {
  partitionKey: string;
  rowKey: string;
  count: number;
}

export function createTableOutboundLimits(client: TableClient, caps: OutboundCaps): OutboundLimits {
  const ready = tableReadiness(client);
  const read = async (partitionKey: string, rowKey: string) => {
    try {
      const entity = await client.getEntity<CountEntity>(partitionKey, rowKey);
      return { count: entity.count, etag: entity.etag };
    } catch (error) {
      if (isTableStatus(error, 404)) return { count: 0, etag: undefined };
      throw error;
    }
  };
  return {
    async take(destination, at) {
      await ready();
      const partitionKey = `hour-${at.toISOString().slice(0, 13).replace(/\D/g, "")}`;
      // The number itself is not stored: a hash names its counter.
      const destinationRow = `to-${createHash("sha256").update(destination).digest("hex").slice(0, 32)}`;
      for (let attempt = 1; ; attempt++) {
        const [all, one] = await Promise.all([read(partitionKey, "all"), read(partitionKey, destinationRow)]);
        if (all.count >= caps.perHour) return "global-cap";
        if (one.count >= caps.perDestinationPerHour) return "destination-cap";
        const actions: TransactionAction[] = [all, one].map((current, i) => {
          const entity = { partitionKey, rowKey: i === 0 ? "all" : destinationRow, count: current.count + 1 };
          return current.etag === undefined
            ? ["create", entity]
            : ["update", entity, "Replace", { etag: current.etag }];
        });
        try {
          await client.submitTransaction(actions);
          return "taken";
        } catch (error) {
          const raced = isTableStatus(error, 409) || isTableStatus(error, 412);
          if (!raced || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    },
  };
}
