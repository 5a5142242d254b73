// The tickets of the calls this app answered or placed (shared/src/tickets), in Table Storage (row layout:
// callTicketRow). Issued before a call is answered, bound to its call connection id once ACS gives one.
import {
  CALL_TICKETS_TABLE,
  type CallTicketRecord,
  callTicketRecordOf,
  callTicketRow,
  isCallTicket,
  newCallTicket,
} from "@acs-voice/shared";
import type { TableClient } from "@azure/data-tables";
import { isTableStatus, tableReadiness } from "../storage/table-client.js";

export { CALL_TICKETS_TABLE };

export interface CallTickets {
  /** Mints and records a ticket for a call about to be answered or placed. */
  issue(correlationId: string | undefined, at: Date): Promise<string>;
  /** Records the call connection id ACS gave the call; a ticket is bound once, never rebound. */
  bind(ticket: string, callConnectionId: string): Promise<void>;
  /** The ticket's record, or undefined when it is not one of ours. */
  find(ticket: string): Promise<CallTicketRecord | undefined>;
}

interface TicketEntity {
  partitionKey: string;
  rowKey: string;
  callConnectionId?: string;
  correlationId?: string;
  issuedAt: Date;
}

export function createTableCallTickets(client: TableClient): CallTickets {
  const ready = tableReadiness(client);
  return {
    async issue(correlationId, at) {
      await ready();
      const ticket = newCallTicket();
      const entity: TicketEntity = {
        ...callTicketRow(ticket),
        issuedAt: at,
        ...(correlationId === undefined ? {} : { correlationId }),
      };
      await client.createEntity(entity);
      return ticket;
    },
    async bind(ticket, callConnectionId) {
      await ready();
      const row = callTicketRow(ticket);
      const current = await client.getEntity<TicketEntity>(row.partitionKey, row.rowKey);
      if (current.callConnectionId === callConnectionId) return;
      if (current.callConnectionId !== undefined) throw new Error("the ticket is bound to another call");
      await client.updateEntity({ ...row, callConnectionId }, "Merge", { etag: current.etag });
    },
    async find(ticket) {
      if (!isCallTicket(ticket)) return undefined;
      await ready();
      const row = callTicketRow(ticket);
      try {
        const entity = await client.getEntity<TicketEntity>(row.partitionKey, row.rowKey);
        return callTicketRecordOf(entity);
      } catch (error) {
        if (isTableStatus(error, 404)) return undefined;
        throw error;
      }
    },
  };
}
