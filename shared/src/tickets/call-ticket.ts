// A call ticket binds an ACS media connection and a callback to a call this app answered or placed. ACS's
// own tokens name no call (a media token is valid for 24 h and for any call), so the functions app mints
// a random ticket per call, puts it in the call's media transport URL and callback URL (as a path
// segment: the one place only ACS and this app ever see), and records it with the call connection id.
// The worker and the callbacks route accept a connection or an event only with a ticket of that call.
import { createHash, randomBytes } from "node:crypto";

/** The table where tickets are recorded (the app's data storage, shared by the functions and the worker). */
export const CALL_TICKETS_TABLE = "calltickets";

/** 32 random bytes, base64url: 43 characters. */
const TICKET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** What is recorded of a ticket (under its key, never the ticket itself). */
export interface CallTicketRecord {
  /** Set once ACS answered the answer / create request; absent for a few ms before that. */
  callConnectionId: string | undefined;
  correlationId: string | undefined;
  issuedAt: Date;
}

export function newCallTicket(): string {
  return randomBytes(32).toString("base64url");
}

export function isCallTicket(value: string): boolean {
  return TICKET_SHAPE.test(value);
}

/**
 * The ticket's record key: its SHA-256. A read of the table (or its backup) gives no ticket that would
 * open a media connection.
 */
export function callTicketKey(ticket: string): string {
  return createHash("sha256").update(ticket).digest("hex");
}

/**
 * Where a ticket's record lives: its key as row key, partitioned by the key's first two hex digits so
 * that no partition grows hot. The functions app writes it, the worker reads it.
 */
export function callTicketRow(ticket: string): { partitionKey: string; rowKey: string } {
  const key = callTicketKey(ticket);
  return { partitionKey: key.slice(0, 2), rowKey: key };
}

/** A ticket's record as read back from its table entity (dates may come back as strings). */
export function callTicketRecordOf(entity: {
  callConnectionId?: string | undefined;
  correlationId?: string | undefined;
  issuedAt: Date | string;
}): CallTicketRecord {
  return {
    callConnectionId: entity.callConnectionId,
    correlationId: entity.correlationId,
    issuedAt: new Date(entity.issuedAt),
  };
}
