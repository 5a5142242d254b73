// Where the worker's run-time settings live: App Configuration by connection string (the emulator, or
// keys) or endpoint (managed identity), with the environment's label. Read by main.ts.
import type { WorkerEnv } from "../settings-schema.js";

export interface AppConfigSettings {
  target: { connectionString: string } | { endpoint: string };
  label: string | undefined;
  refreshIntervalMs: number;
}

export type AppConfigSettingsResult =
  | { ok: true; settings: AppConfigSettings | undefined }
  | { ok: false; problems: string[] };

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

export function parseAppConfigSettings(env: WorkerEnv): AppConfigSettingsResult {
  const problems: string[] = [];
  const connectionString = text(env.APP_CONFIGURATION_CONNECTION_STRING);
  const endpoint = text(env.APP_CONFIGURATION_ENDPOINT);
  let target: AppConfigSettings["target"] | undefined;
  if (connectionString !== undefined) {
    const url = /(?:^|;)\s*endpoint=([^;]+)/i.exec(connectionString)?.[1];
    if (!allowed(url)) {
      problems.push("APP_CONFIGURATION_CONNECTION_STRING must look like Endpoint=https://…;Id=…;Secret=…");
    } else target = { connectionString };
  } else if (endpoint !== undefined) {
    if (!allowed(endpoint))
      problems.push("APP_CONFIGURATION_ENDPOINT must be an https URL (http only on loopback)");
    else target = { endpoint };
  }
  const refresh = text(env.APP_CONFIGURATION_REFRESH_SECONDS);
  const refreshSeconds = refresh === undefined ? 30 : Number(refresh);
  if (!Number.isInteger(refreshSeconds) || refreshSeconds < 1 || refreshSeconds > 86_400) {
    problems.push("APP_CONFIGURATION_REFRESH_SECONDS must be an integer from 1 to 86400");
  }
  if (problems.length > 0) return { ok: false, problems };
  if (target === undefined) return { ok: true, settings: undefined };
  return {
    ok: true,
    settings: { target, label: text(env.APP_CONFIGURATION_LABEL), refreshIntervalMs: refreshSeconds * 1000 },
  };
}

function text(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function allowed(value: string | undefined): boolean {
  if (value === undefined) return false;
  try {
    const url = new URL(value.trim());
    return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname));
  } catch {
    return false;
  }
}
