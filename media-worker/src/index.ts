// The media worker as a library: build the server (tests, the local runner) without reading the environment.
export { type AcsLink, encodeAcsAudioFrame } from "./acs/acs-media-socket.js";
export type { CallControl } from "./acs/call-control.js";
export { type ConfigResult, parseWorkerConfig, voiceLiveRealtimeUrl, type WorkerConfig } from "./config.js";
export { AppConfigSource } from "./config-source/app-config-source.js";
export { type CallSettings, envOverrides, parseCallSettings } from "./config-source/call-settings.js";
export { WorkerControlPlane } from "./control-plane/worker-control-plane.js";
export { startWorkerServices, type WorkerServices } from "./control-plane/worker-services.js";
export { createLogger, silentLogger } from "./logger.js";
export {
  type CallRecordStore,
  createTableCallRecordStore,
  type RecordFields,
} from "./records/call-record-store.js";
export { CallRecordWriter } from "./records/call-record-writer.js";
export {
  ACS_MAX_PAYLOAD_BYTES,
  type CallSnapshot,
  createMediaServer,
  MEDIA_PATH,
  type MediaServer,
  type MediaServerDeps,
} from "./server/media-server.js";
export type {
  CallEvent,
  CallEventListener,
  CallState,
  TurnRecord,
  TurnUsage,
} from "./session/call-events.js";
export { type CallMetrics, createCallMetrics } from "./session/call-metrics.js";
export {
  type CallEndReason,
  type CallFeatures,
  type CallIds,
  CallSession,
  type CallSessionOptions,
  type CallSessionSettings,
  type CallSummary,
  type VoiceLiveLink,
} from "./session/call-session.js";
export { type OutboundFrame, OutboundPacer, type PacerSink } from "./session/outbound-pacer.js";
export { PlayoutTracker } from "./session/playout-tracker.js";
export { buildSessionConfig, voiceFor } from "./session/session-config.js";
export { WORKER_SETTINGS, type WorkerEnv } from "./settings-schema.js";
export { customTools, enabledTools, exampleTools } from "./tools/registry.js";
export {
  type CallActions,
  defineTool,
  type Tool,
  type ToolContext,
  type TransferOutcome,
} from "./tools/tool.js";
export { apiKeyAuth, tokenCredentialAuth, type VoiceLiveAuth } from "./voicelive/voice-live-auth.js";
