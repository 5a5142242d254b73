// The audit table (shared/src/audit), written by the worker: every transfer it is asked for, allowed or
// refused, with who asked. Best effort: a failed write is logged, and never keeps a caller waiting.
import { AUDIT_TABLE, type AuditEntry, auditEntity } from "@acs-voice/shared";
import { dataTableClient, type TableTarget } from "../storage/data-table.js";

export interface AuditLog {
  write(entry: AuditEntry): Promise<void>;
}

export function createTableAuditLog(target: TableTarget): AuditLog {
  const client = dataTableClient(target, AUDIT_TABLE);
  let ready: Promise<void> | undefined;
  return {
    async write(entry) {
      ready ??= client.createTable().catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
      await ready;
      await client.createEntity(auditEntity(entry));
    },
  };
}
