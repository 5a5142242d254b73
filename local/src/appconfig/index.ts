// The App Configuration emulator: key-value REST for `@azure/app-configuration` (and the configuration
// provider built on it). Point clients at it with `new AppConfigurationClient(emulator.connectionString,
// { allowInsecureConnection: true })`; the provider also needs `replicaDiscoveryEnabled: false`.
export {
  type AppConfigEmulator,
  type AppConfigEmulatorOptions,
  type AppConfigRecordedRequest,
  type AppConfigSeed,
  MAX_APPCONFIG_RECORDS,
  startAppConfigEmulator,
} from "./emulator.js";
export type { KeyValue as AppConfigKeyValue } from "./key-value-store.js";
