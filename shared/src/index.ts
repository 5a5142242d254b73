// The product's common package: protocol codecs and the audio core. Pure: no sockets, timers, env or logger.
export * from "./acs/index.js";
export * from "./audio/index.js";
export * from "./audit/index.js";
export * from "./auth/index.js";
export * from "./policy/index.js";
export * from "./privacy/index.js";
export * from "./tickets/index.js";
export * from "./voicelive/index.js";
