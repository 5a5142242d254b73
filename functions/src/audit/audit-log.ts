// The audit table (shared/src/audit), written by the functions app: outbound calls and fallback transfers.
import { AUDIT_TABLE, type AuditEntry, auditEntity } from "@acs-voice/shared";
import type { TableClient } from "@azure/data-tables";
import { tableReadiness } from "../storage/table-client.js";

export { AUDIT_TABLE };

export interface AuditLog {
  write(entry: AuditEntry): Promise<void>;
}

export function createTableAuditLog(client: TableClient): AuditLog {
  const ready = tableReadiness(client);
  return {
    async write(entry) {
      await ready();
      await client.createEntity(auditEntity(entry));
    },
  };
}
