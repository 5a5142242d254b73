// The Voice Live emulator. Generic helper names are exported with a VoiceLive prefix because
// @acs-voice/local re-exports every emulator's index side by side.
export {
  buildCallerAudio,
  type CallerAudio,
  type CallerAudioOptions,
  type CallerUtterance,
} from "./caller-audio.js";
export type { ConversationItemRecord } from "./conversation-log.js";
export {
  MAX_CLIENT_MESSAGE_BYTES,
  startVoiceLiveEmulator,
  VOICE_LIVE_PATH,
  type VoiceLiveEmulator,
  type VoiceLiveEmulatorOptions,
} from "./emulator.js";
export type { FaultCloseCode, FaultErrorEvent, FaultPlan } from "./fault-plan.js";
export {
  type IdFactory as VoiceLiveIdFactory,
  randomId as randomVoiceLiveId,
  sequentialIds as sequentialVoiceLiveIds,
} from "./ids.js";
export type {
  ReceivedMessage as ReceivedVoiceLiveMessage,
  SentEvent as SentVoiceLiveEvent,
} from "./recording.js";
export type { QuotaLimits as VoiceLiveQuotaLimits } from "./resource-quota.js";
export {
  parseScenario,
  type Scenario,
  ScenarioError,
  type ScenarioFunctionCall,
  type ScenarioTurn,
  scenarioJsonSchema,
  scenarioTexts,
} from "./scenario.js";
export { defaultScenarioPath, loadScenarioFile } from "./scenario-file.js";
export {
  EmulatedVoiceLiveSession,
  type SessionIdentity as VoiceLiveSessionIdentity,
  type SessionSettings as VoiceLiveSessionSettings,
  type SessionSocket as VoiceLiveSessionSocket,
} from "./session.js";
export type { Clock as VoiceLiveClock, Timers as VoiceLiveTimers } from "./timers.js";
export type { Usage, Usage as VoiceLiveUsage } from "./token-usage.js";
