// Every setting the Functions app reads (the entry hands `process.env` to loadSettings and
// loadControlPlaneSettings, each typed with FunctionsEnv so that reading an undeclared name does not
// compile). The settings catalog of `npm run dev`, the `.env.example` check and infra's required-settings
// rule are derived from this list; defaults are checked against what the readers really apply
// (test/settings-schema.test.ts).
import {
  BOTH_SERVICES_SETTINGS,
  type SettingName,
  type SettingSpec,
  type SettingsEnv,
} from "@acs-voice/shared";

export const FUNCTIONS_SETTINGS = [
  ...BOTH_SERVICES_SETTINGS,
  { name: "MEDIA_WORKER_URL", required: true, description: "wss://…/media" },
  { name: "CALLBACK_BASE_URL", required: true, description: "public functions URL" },
  { name: "BOT_PHONE_NUMBERS", required: false, description: "numbers answered" },
  { name: "APOLOGY_AUDIO_URL", required: false, description: "apology WAV" },
  { name: "OUTBOUND_CALLS_PER_HOUR", required: false, default: "20", description: "outbound cap" },
  {
    name: "OUTBOUND_CALLS_PER_DESTINATION_PER_HOUR",
    required: false,
    default: "3",
    description: "outbound cap per number",
  },
  {
    name: "MEDIA_WATCHDOG_SECONDS",
    required: false,
    default: "5",
    description: "media deadline after CallConnected",
  },
  {
    name: "CALL_RECORDS_RETENTION_DAYS",
    required: false,
    default: "30",
    description: "call records purged after",
  },
  { name: "AzureWebJobsStorage", required: "storage", description: "storage" },
  { name: "AzureWebJobsStorage__accountName", required: "storage", description: "storage with identity" },
  {
    name: "AzureWebJobsStorage__tableServiceUri",
    required: false,
    description: "table endpoint with identity",
  },
  { name: "AzureWebJobsStorage__clientId", required: false, description: "UAMI" },
  { name: "MONITOR_TOKEN", required: false, description: "monitor page token" },
  {
    name: "WEBSITE_SITE_NAME",
    required: false,
    setByPlatform: true,
    description: "the app's name (set in Azure only)",
  },
  {
    name: "WEBSITE_AUTH_ENABLED",
    required: false,
    setByPlatform: true,
    description: "App Service authentication is on",
  },
] as const satisfies readonly SettingSpec[];

export type FunctionsSettingName = SettingName<typeof FUNCTIONS_SETTINGS>;

/** What the app's setting readers take (`process.env` in index.ts). */
export type FunctionsEnv = SettingsEnv<FunctionsSettingName>;
