export {
  AUDIT_TABLE,
  type AuditAction,
  type AuditEntry,
  auditEntity,
  auditEntry,
  auditRow,
} from "./audit-entry.js";
