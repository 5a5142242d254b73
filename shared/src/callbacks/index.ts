// Call Automation callbacks (CloudEvents ACS posts mid-call): the shape both deployables read.
export {
  CALLBACK_ID_MAX_CHARS,
  CALLBACK_TYPE_MAX_CHARS,
  type CallAutomationEvent,
  callAutomationEventSchema,
} from "./call-automation-event.js";
export {
  type CallAutomationEventInput,
  callAutomationEventFromCloudEvent,
} from "./call-automation-event-input.js";
export { type CallbackData, type CallbackResult, callbackDataSchema } from "./callback-data.js";
export { readCallback, readCallbackEnvelope, shortCallbackType } from "./read-callback.js";
