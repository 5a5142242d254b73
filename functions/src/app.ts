// The library face of the Functions app (`@acs-voice/functions/app`): what the local dev host and the
// tests need to serve the same routes outside Azure. Importing it registers nothing.
export { type CallAutomation, createCallAutomation, type PlacedCall } from "./acs/call-automation.js";
export { type AcsFailure, type AcsFailureCode, classifyAcsError } from "./acs/classify-acs-error.js";
export { mediaStreamingOptions } from "./acs/media-streaming-options.js";
export { createAppDependencies } from "./app-dependencies.js";
export { AUDIT_TABLE, type AuditLog, createTableAuditLog } from "./audit/audit-log.js";
export { KNOWN_CALL_EVENT_TYPES } from "./callbacks/call-event.js";
export type { CallEventSink } from "./callbacks/call-event-sink.js";
export {
  CALL_RECORDS_TABLE,
  type CallRecord,
  type CallRecords,
  type CallState,
  createTableCallRecords,
} from "./callbacks/call-records.js";
export { type CallEventListener, InProcessCallEventSink } from "./callbacks/in-process-call-event-sink.js";
export {
  type ActionDispatcher,
  createActionDispatcher,
  type DispatchOutcome,
} from "./control-plane/action-dispatcher.js";
export { type ControlPlane, createControlPlane } from "./control-plane/control-plane.js";
export {
  type ControlPlaneSettings,
  loadControlPlaneSettings,
} from "./control-plane/control-plane-settings.js";
export { WebPubSubCallEventSink } from "./control-plane/web-pubsub-call-event-sink.js";
export { errorResponse, methodNotAllowed } from "./http/responses.js";
export type {
  AuthLevel,
  HttpMethod,
  Route,
  RouteContext,
  RouteRequest,
  RouteResponse,
} from "./http/route.js";
export { ROUTE_PREFIX } from "./http/route.js";
export type { AnswerClaims } from "./incoming-call/answer-claims.js";
export { ANSWER_CLAIMS_TABLE, createTableAnswerClaims } from "./incoming-call/table-answer-claims.js";
export type { Job } from "./jobs/job.js";
export type { LogFields, Logger } from "./logging/logger.js";
export { silentLogger } from "./logging/logger.js";
export { createTableMediaWatch, MEDIA_WATCH_TABLE, type MediaWatch } from "./rescue/media-watch.js";
export {
  type AppDependencies,
  CALLBACKS_PATH,
  createJobs,
  createRoutes,
  createUnconfiguredRoutes,
} from "./routes.js";
export { ConfigurationError, type SettingProblem } from "./settings/configuration-error.js";
export { type FunctionsSettings, loadSettings } from "./settings/settings.js";
export { FUNCTIONS_SETTINGS, type FunctionsEnv } from "./settings/settings-schema.js";
export { createTableClient } from "./storage/table-client.js";
export { CALL_TICKETS_TABLE, type CallTickets, createTableCallTickets } from "./tickets/call-tickets.js";
