// The ACS side of a call's media leg, for the emulator, the offline call runner and the worker's tests.
export {
  type CallerClock,
  type CallerClockSetting,
  type CancelTimer,
  createManualCallerClock,
  createScaledCallerClock,
  type ManualCallerClock,
} from "./caller-clock.js";
export {
  ACS_FRAME_MS,
  type CallEndedBy,
  type HeardFrame,
  MEDIA_CLIENT_DEFAULTS,
  type MediaCallReport,
  type MediaClient,
  type MediaClientOptions,
  type RecordedOutbound,
  startMediaClient,
} from "./media-client.js";
export { type MalformedReason, parseWorkerMessage, type WorkerMessage } from "./outbound-parser.js";
export type { BargeIn, CallerUtterance } from "./turn-metrics.js";
