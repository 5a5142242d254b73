// The settings both services read, with one meaning: ACS and the verification of its tokens, where calls
// may go, the app's tables, the identity, telemetry and the control plane. Each service's list starts with
// these (functions/src/settings/settings-schema.ts, media-worker/src/settings-schema.ts).
import type { SettingSpec } from "./setting-spec.js";

export const BOTH_SERVICES_SETTINGS = [
  { name: "ACS_CONNECTION_STRING", required: "acs", description: "ACS key auth" },
  { name: "ACS_ENDPOINT", required: "acs", description: "ACS with managed identity" },
  { name: "ACS_AUDIENCE", required: true, description: "ACS immutable resource id" },
  {
    name: "ACS_ISSUER",
    required: false,
    default: "https://acscallautomation.communication.azure.com",
    description: "token issuer",
  },
  {
    name: "ACS_JWKS_URL",
    required: false,
    default: "https://acscallautomation.communication.azure.com/calling/keys",
    description: "token keys",
  },
  {
    name: "ACS_AUDIO_FORMAT",
    required: false,
    default: "pcm24KMono",
    description: "pcm24KMono or pcm16KMono",
  },
  { name: "ACS_CALLER_ID", required: false, description: "outbound and transfer caller id" },
  {
    name: "FALLBACK_TRANSFER_NUMBER",
    required: false,
    description: "where calls go without media or with every line busy",
  },
  { name: "ALLOWED_DESTINATIONS", required: false, description: "where calls may go" },
  {
    name: "STORAGE_TABLE_ENDPOINT",
    required: false,
    description: "the app's tables with identity (data account)",
  },
  {
    name: "AZURE_CLIENT_ID",
    required: false,
    requiredInAzure: true,
    description: "user-assigned identity",
  },
  {
    name: "APPLICATIONINSIGHTS_CONNECTION_STRING",
    required: false,
    requiredInAzure: true,
    description: "telemetry to Application Insights",
  },
  { name: "WEB_PUBSUB_CONNECTION_STRING", required: false, description: "control plane (key)" },
  { name: "WEB_PUBSUB_ENDPOINT", required: false, description: "control plane (identity)" },
  { name: "WEB_PUBSUB_HUB", required: false, default: "calls", description: "control plane hub" },
] as const satisfies readonly SettingSpec[];
