// The App Configuration emulator: key-value REST for `@azure/app-configuration`.
export {
  type AppConfigEmulator,
  type AppConfigEmulatorOptions,
  type AppConfigRecordedRequest,
  type AppConfigSeed,
  MAX_APPCONFIG_RECORDS,
  startAppConfigEmulator,
} from "./emulator.js";
export type { KeyValue as AppConfigKeyValue } from "./key-value-store.js";
