// Where the replicas of the worker tell one another what they used of each Voice Live endpoint, so that
// a per-minute budget holds for all of them together (table-usage-ledger.ts keeps it in Table Storage).
// Each replica writes only its own rows and reads everyone's; nobody waits on anyone else's write.

import { UsageSlots } from "./usage-slots.js";

export interface LedgerRow {
  endpoint: string;
  replica: string;
  usage: UsageSlots;
}

export interface LedgerView {
  /** The other replicas' usage, one row per replica and endpoint. */
  others: readonly LedgerRow[];
  /** Replicas that wrote in the last two minutes, this one included. */
  replicas: number;
}

export interface UsageLedger {
  /** False when only this replica sees it: budgets then hold per replica, not for the deployment. */
  readonly shared: boolean;
  /** Everyone's usage, in one round trip; undefined when the store cannot be read in time. */
  read(): Promise<LedgerView | undefined>;
  /** Replaces this replica's row for one endpoint (`UsageSlots.encode`). */
  write(endpoint: string, slots: string): Promise<void>;
}

/** No shared store (no table configured): this replica's own counts are all there is. */
export const localUsageLedger: UsageLedger = {
  shared: false,
  read: () => Promise.resolve({ others: [], replicas: 1 }),
  write: () => Promise.resolve(),
};

export { UsageSlots };
