// The ACS side of a call's media leg, for the emulator, the offline call runner and the worker's tests.
export {
  type CallerClock,
  type CallerClockSetting,
  type CancelTimer,
  createManualClock,
  createScaledClock,
  type ManualClock,
} from "./caller-clock.js";
export {
  type CallEndedBy,
  FRAME_MS,
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
