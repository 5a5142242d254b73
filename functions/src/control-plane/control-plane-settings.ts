// The control plane's settings (Web PubSub and how the monitor knows its supervisors), read once by each host.
import { DEFAULT_CONTROL_HUB } from "@acs-voice/shared";
import type { MonitorAccess } from "../monitor/monitor-auth.js";
import { ConfigurationError, type SettingProblem } from "../settings/configuration-error.js";
import { isLoopbackUrl } from "../settings/loopback.js";
import type { FunctionsEnv } from "../settings/settings-schema.js";

export type WebPubSubAccess =
  | { kind: "connection-string"; connectionString: string; endpoint: URL }
  | { kind: "identity"; endpoint: URL };

export interface ControlPlaneSettings {
  /** Absent: Web PubSub is not used (callbacks stay in process; the monitor routes answer 503). */
  webPubSub: WebPubSubAccess | undefined;
  hub: string;
  /**
   * Who may use the monitor routes. In Azure (WEBSITE_SITE_NAME set): Entra ID through App Service
   * authentication, trusted only while the platform says it is on (WEBSITE_AUTH_ENABLED); MONITOR_TOKEN is
   * ignored there. Outside Azure: the local token MONITOR_TOKEN, required.
   */
  monitorAccess: MonitorAccess;
}

const MIN_TOKEN_CHARS = 16;

/** Throws a ConfigurationError naming each bad setting (never its value). */
export function loadControlPlaneSettings(env: FunctionsEnv): ControlPlaneSettings {
  const problems: SettingProblem[] = [];
  const connectionString = text(env.WEB_PUBSUB_CONNECTION_STRING);
  const endpointText = text(env.WEB_PUBSUB_ENDPOINT);
  let webPubSub: WebPubSubAccess | undefined;
  if (connectionString !== undefined) {
    const endpoint = urlFrom(/(?:^|;)\s*endpoint=([^;]+)/i.exec(connectionString)?.[1]);
    if (endpoint === undefined || !secureOrLoopback(endpoint)) {
      problems.push({
        setting: "WEB_PUBSUB_CONNECTION_STRING",
        problem: "must look like Endpoint=https://…;AccessKey=…;Version=1.0; (http only on loopback)",
      });
    } else webPubSub = { kind: "connection-string", connectionString, endpoint };
  } else if (endpointText !== undefined) {
    const endpoint = urlFrom(endpointText);
    if (endpoint === undefined || !secureOrLoopback(endpoint)) {
      problems.push({
        setting: "WEB_PUBSUB_ENDPOINT",
        problem: "must be an https URL (http only on loopback)",
      });
    } else webPubSub = { kind: "identity", endpoint };
  }
  const hub = text(env.WEB_PUBSUB_HUB) ?? DEFAULT_CONTROL_HUB;
  if (!/^[A-Za-z][\w]{0,127}$/.test(hub)) {
    problems.push({ setting: "WEB_PUBSUB_HUB", problem: "must be a hub name (letters, digits, underscore)" });
  }
  const monitorToken = text(env.MONITOR_TOKEN);
  if (monitorToken !== undefined && monitorToken.length < MIN_TOKEN_CHARS) {
    problems.push({ setting: "MONITOR_TOKEN", problem: `must be at least ${MIN_TOKEN_CHARS} characters` });
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  // Azure Functions sets WEBSITE_SITE_NAME on every instance; Core Tools and our dev host do not. App
  // Service sets WEBSITE_AUTH_ENABLED=True while its authentication runs in front of the app.
  const inAzure = text(env.WEBSITE_SITE_NAME) !== undefined;
  return {
    webPubSub,
    hub,
    monitorAccess: inAzure
      ? { kind: "app-service-auth", enabled: text(env.WEBSITE_AUTH_ENABLED)?.toLowerCase() === "true" }
      : { kind: "local-token", token: monitorToken },
  };
}

function text(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function urlFrom(value: string | undefined): URL | undefined {
  if (value === undefined) return undefined;
  try {
    return new URL(value.trim());
  } catch {
    return undefined;
  }
}

function secureOrLoopback(url: URL): boolean {
  return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackUrl(url));
}
