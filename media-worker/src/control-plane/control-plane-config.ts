// The worker's control-plane settings, read by main.ts: where Web PubSub is, and this replica's name.
import { hostname } from "node:os";
import { DEFAULT_CONTROL_HUB } from "@acs-voice/shared";
import { DefaultAzureCredential } from "@azure/identity";
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import type { WorkerEnv } from "../settings-schema.js";

export interface ControlPlaneConfig {
  access: { connectionString: string; endpoint: URL } | { endpoint: URL };
  hub: string;
  workerId: string;
}

export type ControlPlaneConfigResult =
  | { ok: true; config: ControlPlaneConfig | undefined }
  | { ok: false; problems: string[] };

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/**
 * `WEB_PUBSUB_CONNECTION_STRING` (keys; the local emulator) or `WEB_PUBSUB_ENDPOINT` (managed identity);
 * neither: no control plane (`config` undefined). Problems name the setting, never its value.
 */
export function parseControlPlaneConfig(env: WorkerEnv): ControlPlaneConfigResult {
  const problems: string[] = [];
  const connectionString = text(env.WEB_PUBSUB_CONNECTION_STRING);
  const endpointText = text(env.WEB_PUBSUB_ENDPOINT);
  let access: ControlPlaneConfig["access"] | undefined;
  if (connectionString !== undefined) {
    const endpoint = allowedUrl(/(?:^|;)\s*endpoint=([^;]+)/i.exec(connectionString)?.[1]);
    if (endpoint === undefined) {
      problems.push(
        "WEB_PUBSUB_CONNECTION_STRING must look like Endpoint=https://…;AccessKey=…;Version=1.0;",
      );
    } else access = { connectionString, endpoint };
  } else if (endpointText !== undefined) {
    const endpoint = allowedUrl(endpointText);
    if (endpoint === undefined)
      problems.push("WEB_PUBSUB_ENDPOINT must be an https URL (http only on loopback)");
    else access = { endpoint };
  }
  const hub = text(env.WEB_PUBSUB_HUB) ?? DEFAULT_CONTROL_HUB;
  if (!/^[A-Za-z]\w{0,127}$/.test(hub))
    problems.push("WEB_PUBSUB_HUB must be a hub name (letters, digits, _)");
  if (problems.length > 0) return { ok: false, problems };
  if (access === undefined) return { ok: true, config: undefined };
  // Container Apps names each replica; elsewhere the host name tells replicas apart.
  const workerId = (text(env.WORKER_ID) ?? text(env.CONTAINER_APP_REPLICA_NAME) ?? hostname()).slice(0, 64);
  return { ok: true, config: { access, hub, workerId } };
}

export function createWebPubSubService(config: ControlPlaneConfig): WebPubSubServiceClient {
  const options = { allowInsecureConnection: config.access.endpoint.protocol === "http:" };
  return "connectionString" in config.access
    ? new WebPubSubServiceClient(config.access.connectionString, config.hub, options)
    : new WebPubSubServiceClient(
        config.access.endpoint.origin,
        new DefaultAzureCredential(),
        config.hub,
        options,
      );
}

function text(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function allowedUrl(value: string | undefined): URL | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value.trim());
    if (url.protocol === "https:") return url;
    return url.protocol === "http:" && LOOPBACK.has(url.hostname) ? url : undefined;
  } catch {
    return undefined;
  }
}
