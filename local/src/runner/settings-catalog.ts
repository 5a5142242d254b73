// Every setting of the two services (names as in Azure), for `npm run dev`'s check and .env.example.
// The services validate their own settings in full when they start; this list only lets `npm run dev`
// name what is missing before anything starts, and says which service reads what.

export type Service = "functions" | "media-worker";

export interface SettingInfo {
  name: string;
  services: readonly Service[];
  /** true: always needed; a group name: one of the settings of that group is needed. */
  required: boolean | string;
  description: string;
}

const BOTH: readonly Service[] = ["functions", "media-worker"];

export const SETTINGS: readonly SettingInfo[] = [
  { name: "ACS_CONNECTION_STRING", services: BOTH, required: "acs", description: "ACS key auth" },
  { name: "ACS_ENDPOINT", services: BOTH, required: "acs", description: "ACS with managed identity" },
  { name: "ACS_AUDIENCE", services: BOTH, required: true, description: "ACS immutable resource id" },
  { name: "ACS_ISSUER", services: BOTH, required: false, description: "token issuer" },
  { name: "ACS_JWKS_URL", services: BOTH, required: false, description: "token keys" },
  { name: "ACS_AUDIO_FORMAT", services: BOTH, required: false, description: "pcm24KMono or pcm16KMono" },
  { name: "MEDIA_WORKER_URL", services: ["functions"], required: true, description: "wss://…/media" },
  { name: "CALLBACK_BASE_URL", services: ["functions"], required: true, description: "public functions URL" },
  { name: "ACS_CALLER_ID", services: BOTH, required: false, description: "outbound and transfer caller id" },
  { name: "BOT_PHONE_NUMBERS", services: ["functions"], required: false, description: "numbers answered" },
  {
    name: "FALLBACK_TRANSFER_NUMBER",
    services: BOTH,
    required: false,
    description: "where calls go without media or with every line busy",
  },
  { name: "APOLOGY_AUDIO_URL", services: ["functions"], required: false, description: "apology WAV" },
  { name: "ALLOWED_DESTINATIONS", services: BOTH, required: false, description: "where calls may go" },
  { name: "OUTBOUND_CALLS_PER_HOUR", services: ["functions"], required: false, description: "outbound cap" },
  {
    name: "OUTBOUND_CALLS_PER_DESTINATION_PER_HOUR",
    services: ["functions"],
    required: false,
    description: "outbound cap per number",
  },
  {
    name: "FUNCTIONS_LOCAL_KEY",
    services: ["functions"],
    required: false,
    description: "local function key",
  },
  {
    name: "MEDIA_WATCHDOG_SECONDS",
    services: ["functions"],
    required: false,
    description: "media deadline after CallConnected",
  },
  {
    name: "CALL_RECORDS_RETENTION_DAYS",
    services: ["functions"],
    required: false,
    description: "call records purged after",
  },
  { name: "AzureWebJobsStorage", services: ["functions"], required: "storage", description: "storage" },
  {
    name: "AzureWebJobsStorage__accountName",
    services: ["functions"],
    required: "storage",
    description: "storage with identity",
  },
  {
    name: "AzureWebJobsStorage__tableServiceUri",
    services: ["functions"],
    required: false,
    description: "table endpoint with identity",
  },
  { name: "AzureWebJobsStorage__clientId", services: ["functions"], required: false, description: "UAMI" },
  {
    name: "STORAGE_TABLE_ENDPOINT",
    services: BOTH,
    required: false,
    description: "the app's tables with identity (data account)",
  },
  { name: "AZURE_CLIENT_ID", services: BOTH, required: false, description: "user-assigned identity" },
  {
    name: "VOICE_LIVE_ENDPOINT",
    services: ["media-worker"],
    required: "voicelive",
    description: "Voice Live",
  },
  {
    name: "VOICE_LIVE_ENDPOINTS",
    services: ["media-worker"],
    required: "voicelive",
    description: "several Voice Live resources as one pool",
  },
  {
    name: "VOICE_LIVE_TOKENS_PER_CALL_MINUTE",
    services: ["media-worker"],
    required: false,
    description: "tokens a new call adds to its resource's minute",
  },
  { name: "VOICE_LIVE_API_KEY", services: ["media-worker"], required: false, description: "key auth" },
  { name: "VOICE_LIVE_MODEL", services: ["media-worker"], required: false, description: "model" },
  {
    name: "VOICE_LIVE_SAMPLE_RATE_HZ",
    services: ["media-worker"],
    required: false,
    description: "model rate",
  },
  { name: "SYSTEM_PROMPT", services: ["media-worker"], required: false, description: "instructions" },
  { name: "GREETING", services: ["media-worker"], required: false, description: "first words" },
  { name: "VOICE_NAME", services: ["media-worker"], required: false, description: "voice" },
  {
    name: "TRANSCRIPTION_MODEL",
    services: ["media-worker"],
    required: false,
    description: "caller transcription",
  },
  { name: "PORT", services: ["media-worker"], required: false, description: "worker port" },
  { name: "MAX_CONCURRENT_CALLS", services: ["media-worker"], required: false, description: "call cap" },
  { name: "DRAIN_GRACE_MS", services: ["media-worker"], required: false, description: "drain time" },
  { name: "PACING_LEAD_MS", services: ["media-worker"], required: false, description: "playout lead" },
  { name: "LOG_LEVEL", services: ["media-worker"], required: false, description: "log level" },
  ...optionalWorker([
    ["TOOLS_END_CALL", "end_call tool"],
    ["TOOLS_TRANSFER_TO_HUMAN", "transfer_to_human tool"],
    ["TOOLS_EXAMPLES", "example tools"],
    ["TRANSFER_NUMBER", "E.164 transfer target"],
    ["TRANSFER_MESSAGE", "said before a transfer"],
    ["TRANSFER_RING_TIMEOUT_SECONDS", "how long a transfer rings"],
    ["MEDIA_RESUME_GRACE_SECONDS", "wait for ACS to reconnect media"],
    ["TOOL_FILLER_AFTER_MS", "filler after a slow tool"],
    ["TOOL_TIMEOUT_MS", "tool time limit"],
    ["DTMF_ENABLED", "keypad to the model"],
    ["DTMF_INTER_DIGIT_MS", "digits grouping"],
    ["CALLER_SILENCE_SECONDS", "prompt a silent caller"],
    ["SILENCE_HANGUP_SECONDS", "hang up on silence"],
    ["MAX_CALL_SECONDS", "call length cap"],
    ["VOICE_LIVE_RENEW_AFTER_SECONDS", "session renewal"],
    ["VOICE_LIVE_RENEW_MARGIN_SECONDS", "renewal margin"],
    ["VOICE_LIVE_MAX_RECONNECT_ATTEMPTS", "reconnects"],
    ["VOICE_LIVE_CONNECT_PATIENCE_SECONDS", "retries while throttled"],
    ["CALL_RECORDS_CONNECTION_STRING", "call records storage"],
    ["CALL_TICKETS", "off: no call tickets (local emulator only)"],
    ["CALL_RECORDS_TABLE", "call records table"],
    ["CALL_RECORDS_TRANSCRIPTS", "false: no words in call records"],
    ["PRICE_PER_1M_INPUT_TEXT_TOKENS", "cost estimate"],
    ["PRICE_PER_1M_INPUT_AUDIO_TOKENS", "cost estimate"],
    ["PRICE_PER_1M_CACHED_INPUT_TOKENS", "cost estimate"],
    ["PRICE_PER_1M_OUTPUT_TEXT_TOKENS", "cost estimate"],
    ["PRICE_PER_1M_OUTPUT_AUDIO_TOKENS", "cost estimate"],
    ["WORKER_ID", "replica name on the control plane"],
    ["APP_CONFIGURATION_ENDPOINT", "App Configuration (identity)"],
    ["APP_CONFIGURATION_CONNECTION_STRING", "App Configuration (key)"],
    ["APP_CONFIGURATION_LABEL", "App Configuration label"],
    ["APP_CONFIGURATION_REFRESH_SECONDS", "sentinel poll interval"],
    ["VAD_TYPE", "turn detection kind"],
    ["VAD_THRESHOLD", "turn detection threshold"],
    ["VAD_PREFIX_PADDING_MS", "speech kept before the start"],
    ["VAD_SILENCE_DURATION_MS", "silence that ends a turn"],
  ]),
  {
    name: "WEB_PUBSUB_CONNECTION_STRING",
    services: BOTH,
    required: false,
    description: "control plane (key)",
  },
  { name: "WEB_PUBSUB_ENDPOINT", services: BOTH, required: false, description: "control plane (identity)" },
  { name: "WEB_PUBSUB_HUB", services: BOTH, required: false, description: "control plane hub" },
  { name: "MONITOR_TOKEN", services: ["functions"], required: false, description: "monitor page token" },
];

function optionalWorker(entries: [name: string, description: string][]): SettingInfo[] {
  return entries.map(([name, description]) => ({
    name,
    services: ["media-worker"],
    required: false,
    description,
  }));
}

/** The missing required settings, by name ("A or B" for a group of alternatives). */
export function missingSettings(env: Readonly<Record<string, string | undefined>>): string[] {
  const present = (name: string) => (env[name]?.trim() ?? "") !== "";
  const missing: string[] = [];
  const groups = new Map<string, string[]>();
  for (const setting of SETTINGS) {
    if (setting.required === true && !present(setting.name)) missing.push(setting.name);
    if (typeof setting.required === "string") {
      groups.set(setting.required, [...(groups.get(setting.required) ?? []), setting.name]);
    }
  }
  for (const names of groups.values()) {
    if (!names.some(present)) missing.push(names.join(" or "));
  }
  return missing;
}
