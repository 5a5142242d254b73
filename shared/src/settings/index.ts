// Each service's settings, declared once (see setting-spec.ts).
export { BOTH_SERVICES_SETTINGS } from "./both-services-settings.js";
export { settingRequirements } from "./setting-requirements.js";
export type { SettingName, SettingSpec, SettingsEnv } from "./setting-spec.js";
