// What `npm run dev` tells the developer: which settings are missing, and which local ports to expose
// through a tunnel so that Event Grid and ACS (on the internet) can reach this machine.

import { missingSettings } from "./settings-catalog.js";

export interface DevPorts {
  functionsPort: number;
  workerPort: number;
}

export function devGuide(env: Readonly<Record<string, string | undefined>>, ports: DevPorts): string[] {
  const lines: string[] = [];
  const missing = missingSettings(env);
  if (missing.length > 0) {
    lines.push("Missing settings (add them to .env; .env.example documents each one):");
    for (const name of missing) lines.push(`  - ${name}`);
    lines.push("");
  }
  const callbackBase = env.CALLBACK_BASE_URL?.trim().replace(/\/+$/, "");
  const workerUrl = env.MEDIA_WORKER_URL?.trim();
  lines.push(
    "Azure must reach two local ports. Expose them through a tunnel, e.g.",
    `  devtunnel host -p ${ports.functionsPort} -p ${ports.workerPort} --allow-anonymous`,
    `  or: ngrok http ${ports.functionsPort}   and   ngrok http ${ports.workerPort}`,
    "then set:",
    `  CALLBACK_BASE_URL = https://<tunnel of port ${ports.functionsPort}>${callbackBase ? `   (now ${callbackBase})` : ""}`,
    `  MEDIA_WORKER_URL  = wss://<tunnel of port ${ports.workerPort}>/media${workerUrl ? `   (now ${workerUrl})` : ""}`,
    "and point the ACS IncomingCall Event Grid subscription (webhook) at (the key is the function key",
    "that incomingCall and calls require, FUNCTIONS_LOCAL_KEY; keep the URL to yourself)",
    `  ${callbackBase ?? "https://<tunnel of port 7071>"}/api/incomingCall?code=${env.FUNCTIONS_LOCAL_KEY ?? "<FUNCTIONS_LOCAL_KEY>"}`,
  );
  for (const [name, value] of [
    ["CALLBACK_BASE_URL", callbackBase],
    ["MEDIA_WORKER_URL", workerUrl],
  ] as const) {
    if (value && isLoopback(value)) {
      lines.push(`Note: ${name} points at this machine; ACS cannot reach it without a tunnel.`);
    }
  }
  return lines;
}

function isLoopback(value: string): boolean {
  try {
    const host = new URL(value).hostname;
    return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
  } catch {
    return false;
  }
}
