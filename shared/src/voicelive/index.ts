// Voice Live realtime protocol (dated API dialect): typed events, schema-checked parsing, encoding.
export type * from "./client-events.js";
export { completeUsage } from "./complete-usage.js";
export type * from "./conversation-item.js";
export { encodeAudioAppend, encodeClientEvent } from "./encode-client-event.js";
export { parseClientEvent } from "./parse-client-event.js";
export type * from "./parse-outcome.js";
export { MAX_REPORTED_TYPE_LENGTH } from "./parse-outcome.js";
export { parseServerEvent } from "./parse-server-event.js";
export type * from "./response-resource.js";
export type * from "./server-events.js";
export { EXTENSION_SERVER_EVENT_TYPES } from "./server-events.js";
export type * from "./session-config.js";
export type * from "./session-resource.js";
