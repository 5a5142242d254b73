// The offline call runner (`npm start`), the offline system it starts, and the pieces `npm run dev` and
// `npm run emulators` share.
export { buildCallRecord, type CallRecord } from "./call-record.js";
export { type OfflineCallOptions, type OfflineCallResult, runOfflineCall } from "./call-runner.js";
export { parseDotenv } from "./dotenv.js";
export {
  CALLER_GIVE_UP_AFTER_MS,
  CALLER_HANG_UP_GRACE_MS,
  decideCallEnd,
  type EndDecision,
} from "./end-of-call.js";
export { LiveCallState } from "./live-call-state.js";
export type { LiveEvent, TimedLiveEvent } from "./live-event.js";
export { type OfflineSystem, startOfflineSystem } from "./offline-system.js";
export { missingSettings, SETTINGS } from "./settings-catalog.js";
export { parseStartOptions, type StartOptions } from "./start-options.js";
