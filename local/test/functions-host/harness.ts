// A functions dev host wired to the ACS emulator and Azurite, as `npm start` wires them, for the
// integration tests. Every log line is captured so tests can check what would have been logged.
import type { AppDependencies, LogFields, Logger } from "@acs-voice/functions/app";
import { type AcsEmulator, type AcsEmulatorOptions, startAcsEmulator } from "../../src/acs/index.js";
import type { Azurite } from "../../src/azurite/index.js";
import { serviceEnv } from "../../src/env/emulator-env.js";
import { type FunctionsHost, startFunctionsHost } from "../../src/functions-host/index.js";
import { findFreePort } from "../../src/net/free-port.js";

export interface Harness {
  acs: AcsEmulator;
  host: FunctionsHost;
  env: Record<string, string>;
  logLines: string[];
  close(): Promise<void>;
}

export const CALLER_ID = "+18005550199";

export interface HarnessOptions {
  /** ACS emulator options over the harness's (no media client, short Event Grid retries). */
  acs?: Partial<AcsEmulatorOptions>;
  /** App settings over the harness's. */
  env?: Record<string, string>;
}

export async function startHarness(
  azurite: Azurite,
  overrides: (acs: AcsEmulator) => Partial<Omit<AppDependencies, "settings">> = () => ({}),
  options: HarnessOptions = {},
): Promise<Harness> {
  const acs = await startAcsEmulator({
    startMediaClient: false,
    eventGridRetryScheduleMs: [100, 300],
    ...options.acs,
  });
  const port = await findFreePort();
  const env = {
    ...serviceEnv({ acs, audioFormat: "PCM24KMONO" }),
    MEDIA_WORKER_URL: "ws://127.0.0.1:9/media",
    CALLBACK_BASE_URL: `http://127.0.0.1:${port}`,
    ACS_CALLER_ID: CALLER_ID,
    AzureWebJobsStorage: azurite.connectionString,
    ...options.env,
  };
  const logLines: string[] = [];
  const entry = (level: string) => (message: string, fields?: LogFields) =>
    logLines.push(JSON.stringify({ level, message, ...fields }));
  const logger: Logger = { info: entry("info"), warn: entry("warn"), error: entry("error") };
  const host = await startFunctionsHost({ env, port, logger, overrides: overrides(acs) });
  return {
    acs,
    host,
    env,
    logLines,
    async close() {
      await host.close();
      await acs.close();
    },
  };
}

export function answerRequests(acs: AcsEmulator) {
  return acs.requests.filter((r) => r.method === "POST" && r.path === "/calling/callConnections:answer");
}

export async function post(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string> = { "content-type": "application/json" },
): Promise<{ status: number; json: unknown; headers: Headers }> {
  const response = await fetch(url, { method: "POST", headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json, headers: response.headers };
}
