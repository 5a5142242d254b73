// ACS media-streaming WebSocket codec: the JSON messages ACS and the media worker exchange.
export * from "./audio-format.js";
