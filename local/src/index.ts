// Everything needed to run the whole system on one machine with no Azure.
export * from "./acs/index.js";
export * from "./acs/media/index.js";
export * from "./appconfig/index.js";
export * from "./env/emulator-env.js";
export * from "./functions-host/index.js";
export * from "./runner/index.js";
export * from "./tts/index.js";
export * from "./voicelive/index.js";
export * from "./webpubsub/index.js";
