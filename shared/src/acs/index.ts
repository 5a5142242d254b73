// ACS media-streaming WebSocket codec: the JSON messages ACS and the media worker exchange.
export * from "./audio-format.js";
export * from "./decode-media-message.js";
export * from "./decode-outbound-message.js";
export * from "./encode-media-message.js";
export * from "./inbound-message.js";
export * from "./outbound-message.js";
