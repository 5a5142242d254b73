// One attempt to act on the phone network (an outbound call, a transfer): who asked, what for (the
// number masked), and what came of it. Written by the functions app and the worker to one audit table,
// so toll fraud and mistakes can be traced without keeping anyone's full number.
import { randomBytes } from "node:crypto";
import { maskPhoneNumber } from "../privacy/index.js";

export const AUDIT_TABLE = "auditlog";

export type AuditAction = "outbound-call" | "transfer";

export interface AuditEntry {
  at: Date;
  /** "api", "tool:transfer_to_human", "supervisor:<principal name>", "rescue" … */
  actor: string;
  action: AuditAction;
  /** The destination, masked (maskPhoneNumber). */
  target: string;
  /** "placed", "requested", "refused:not-allowed", "refused:high-risk", "refused:hourly-cap", "failed" … */
  outcome: string;
  callConnectionId?: string | undefined;
}

export function auditEntry(fields: Omit<AuditEntry, "target"> & { destination: string }): AuditEntry {
  const { destination, ...rest } = fields;
  return { ...rest, target: maskPhoneNumber(destination) };
}

/** One row per attempt: a partition per UTC day, rows in time order, never colliding. */
export function auditRow(entry: AuditEntry): { partitionKey: string; rowKey: string } {
  const iso = entry.at.toISOString();
  return {
    partitionKey: iso.slice(0, 10).replaceAll("-", ""),
    rowKey: `${iso}-${randomBytes(4).toString("hex")}`,
  };
}

/** The table entity of an entry: its row, and its fields (no undefined values: Table Storage refuses them). */
export function auditEntity(
  entry: AuditEntry,
): Record<string, string | Date> & { partitionKey: string; rowKey: string } {
  return {
    ...auditRow(entry),
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    outcome: entry.outcome,
    ...(entry.callConnectionId === undefined ? {} : { callConnectionId: entry.callConnectionId }),
  };
}
