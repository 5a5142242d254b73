// Reads the tickets the functions app records for the calls it answered or placed (shared/src/tickets):
// the worker serves a media connection only for a ticket found here, and only as the call it names.
import {
  CALL_TICKETS_TABLE,
  type CallTicketRecord,
  callTicketRecordOf,
  callTicketRow,
  isCallTicket,
} from "@acs-voice/shared";
import { dataTableClient, type TableTarget } from "../storage/data-table.js";

export interface CallTicketLookup {
  /** The ticket's record; undefined when it is not a ticket the functions app issued. */
  find(ticket: string): Promise<CallTicketRecord | undefined>;
}

export type { TableTarget };

interface TicketEntity {
  callConnectionId?: string;
  correlationId?: string;
  issuedAt: Date | string;
}

export function createTableCallTicketLookup(target: TableTarget): CallTicketLookup {
  const client = dataTableClient(target, CALL_TICKETS_TABLE);
  return {
    async find(ticket) {
      if (!isCallTicket(ticket)) return undefined;
      const row = callTicketRow(ticket);
      try {
        const entity = await client.getEntity<TicketEntity>(row.partitionKey, row.rowKey);
        return callTicketRecordOf(entity);
      } catch (error) {
        // 404: no such ticket (or no table yet: nothing was ever answered).
        if ((error as { statusCode?: unknown }).statusCode === 404) return undefined;
        throw error;
      }
    },
  };
}
