// The product's common package: protocol codecs, the audio core, and what both deployables speak. Pure: no
// sockets, env or logger; the only timers are behind the injected Clock (`systemClock` its production default).
export * from "./acs/index.js";
export * from "./audio/index.js";
export * from "./audit/index.js";
export * from "./auth/index.js";
export * from "./callbacks/index.js";
export * from "./clock/index.js";
export * from "./control-plane/index.js";
export * from "./errors/index.js";
export * from "./policy/index.js";
export * from "./privacy/index.js";
export * from "./settings/index.js";
export * from "./tickets/index.js";
export * from "./voicelive/index.js";
