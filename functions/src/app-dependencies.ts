// Production wiring: real ACS client, Table Storage, remote JWKS. Both hosts (Azure and the local dev
// host) build their dependencies here from the same settings; tests substitute pieces.
import { createAcsTokenVerifier } from "@acs-voice/shared";
import { createCallAutomation } from "./acs/call-automation.js";
import { AUDIT_TABLE, createTableAuditLog } from "./audit/audit-log.js";
import type { CallEventSink } from "./callbacks/call-event-sink.js";
import { CALL_RECORDS_TABLE, createTableCallRecords } from "./callbacks/call-records.js";
import { InProcessCallEventSink } from "./callbacks/in-process-call-event-sink.js";
import type { ControlPlane } from "./control-plane/control-plane.js";
import { ANSWER_CLAIMS_TABLE, createTableAnswerClaims } from "./incoming-call/table-answer-claims.js";
import type { Logger } from "./logging/logger.js";
import { processLogger } from "./logging/process-logger.js";
import { logSigningKeysEvent } from "./logging/signing-keys-log.js";
import { createTableOutboundLimits, OUTBOUND_LIMITS_TABLE } from "./outbound/outbound-limits.js";
import { createTableMediaWatch, MEDIA_WATCH_TABLE } from "./rescue/media-watch.js";
import { createTableCallRecordsPurge } from "./retention/call-records-purge.js";
import type { AppDependencies } from "./routes.js";
import type { FunctionsSettings } from "./settings/settings.js";
import { createTableClient } from "./storage/table-client.js";
import { CALL_TICKETS_TABLE, createTableCallTickets } from "./tickets/call-tickets.js";

export function createAppDependencies(
  settings: FunctionsSettings,
  overrides: { events?: CallEventSink; controlPlane?: ControlPlane; log?: Logger } = {},
): AppDependencies {
  return {
    settings,
    callAutomation: createCallAutomation(settings.acs),
    claims: createTableAnswerClaims(createTableClient(settings.storage, ANSWER_CLAIMS_TABLE)),
    callRecords: createTableCallRecords(createTableClient(settings.storage, CALL_RECORDS_TABLE)),
    tickets: createTableCallTickets(createTableClient(settings.storage, CALL_TICKETS_TABLE)),
    outboundLimits: createTableOutboundLimits(
      createTableClient(settings.storage, OUTBOUND_LIMITS_TABLE),
      settings.outboundCaps,
    ),
    audit: createTableAuditLog(createTableClient(settings.storage, AUDIT_TABLE)),
    // With Web PubSub, callback events reach the worker replica that owns the call, wherever it runs.
    events: overrides.events ?? overrides.controlPlane?.events ?? new InProcessCallEventSink(),
    ...(overrides.controlPlane ? { controlPlane: overrides.controlPlane } : {}),
    ...(settings.mediaWatchdogMs > 0
      ? {
          mediaWatch: createTableMediaWatch(
            createTableClient(settings.storage, MEDIA_WATCH_TABLE),
            settings.mediaWatchdogMs,
          ),
        }
      : {}),
    ...(settings.callRecordsRetentionDays > 0
      ? {
          callRecordsPurge: createTableCallRecordsPurge(
            createTableClient(settings.storage, CALL_RECORDS_TABLE),
          ),
        }
      : {}),
    verifyAcsToken: createAcsTokenVerifier({
      audience: settings.acsAudience,
      issuer: settings.acsIssuer,
      jwksUrl: settings.acsJwksUrl,
      onKeysEvent: logSigningKeysEvent(overrides.log ?? processLogger),
    }),
  };
}
