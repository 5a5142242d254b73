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
export { type IdFactory, randomId, sequentialIds } from "./ids.js";
export type { ReceivedMessage, SentEvent } from "./recording.js";
export {
  parseScenario,
  type Scenario,
  ScenarioError,
  type ScenarioFunctionCall,
  type ScenarioTurn,
  scenarioJsonSchema,
} from "./scenario.js";
export { defaultScenarioPath, loadScenarioFile } from "./scenario-file.js";
export {
  EmulatedVoiceLiveSession,
  type SessionIdentity,
  type SessionSettings,
  type SessionSocket,
} from "./session.js";
export type { Clock, Timers } from "./timers.js";
export type { Usage } from "./token-usage.js";
