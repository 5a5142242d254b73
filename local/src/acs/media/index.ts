// The ACS side of a call's media leg, for the emulator, the offline call runner and the worker's tests.
export {
  type CallerClock,
  type CallerClockSetting,
  type CancelTimer,
  createManualCallerClock,
  createScaledCallerClock,
  type ManualCallerClock,
  type MonotonicTimers,
} from "./caller-clock.js";
export type { CallEndedBy, HeardFrame, MediaCallReport, RecordedOutbound } from "./media-call-report.js";
export { type MediaClient, startMediaClient } from "./media-client.js";
export {
  ACS_FRAME_MS,
  MEDIA_CLIENT_DEFAULTS,
  type MediaClientOptions,
  type NetworkImpairment,
} from "./media-client-options.js";
export { type MalformedReason, parseWorkerMessage, type WorkerMessage } from "./outbound-parser.js";
export type { MeasuredBargeIn, MeasuredUtterance } from "./turn-metrics.js";
