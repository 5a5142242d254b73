// The control plane between the functions app and the media worker, over Web PubSub: group names, the
// messages on a call's group, and the monitor group's events.
export { type ActionAck, type ActionFailureCode, actionAckSchema } from "./action-ack.js";
export {
  type ActionMessage,
  type CallEventMessage,
  type ControlMessage,
  controlMessageSchema,
} from "./control-message.js";
export { CALL_CONNECTION_ID_PATTERN, callGroup, DEFAULT_CONTROL_HUB, MONITOR_GROUP } from "./groups.js";
export type { CallStateName, MonitorEvent, TranscriptLine } from "./monitor-event.js";
export {
  MAX_WHISPER_CHARS,
  type SupervisorAction,
  supervisorActionSchema,
  supervisorRequestSchema,
} from "./supervisor-action.js";
