// `npm run dev`: the functions host and the media worker on this machine against real Azure, with the
// settings from .env (real environment variables win). Names any missing setting and the URLs to expose
// through a tunnel; runs until Ctrl-C, the children's logs on the console and in out/dev/logs/.

import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startAzurite } from "../azurite/index.js";
import { devGuide } from "../runner/dev-guide.js";
import { parseDotenv } from "../runner/dotenv.js";
import { ManagedProcess } from "../runner/managed-process.js";
import { stopAll } from "../runner/offline-system.js";
import { missingSettings } from "../runner/settings-catalog.js";

const envPath = resolve(".env");
let fileValues: Record<string, string> = {};
if (existsSync(envPath)) {
  const parsed = parseDotenv(readFileSync(envPath, "utf8"));
  for (const problem of parsed.problems) console.error(`.env ${problem}`);
  fileValues = parsed.values;
  console.log(`Settings from ${envPath} (environment variables take precedence).`);
} else {
  console.log(`No .env here (${envPath}): copy .env.example to .env and fill it in.`);
}
const env: Record<string, string | undefined> = { ...fileValues, ...process.env };
const functionsPort = Number(env.FUNCTIONS_PORT ?? 7071);
const workerPort = Number(env.PORT ?? 8080);
// The key of the function routes (incomingCall, calls), as Azure's function keys: nothing is open to the
// tunnel without it.
env.FUNCTIONS_LOCAL_KEY ??= randomBytes(24).toString("base64url");

console.log("");
for (const line of devGuide(env, { functionsPort, workerPort })) console.log(line);
console.log("");
if (missingSettings(env).length > 0) process.exit(1);

const logsDir = resolve("out/dev/logs");
mkdirSync(logsDir, { recursive: true });
const cliDir = fileURLToPath(new URL("./", import.meta.url));
const workerMain = join(cliDir, "media-worker-process.js");

// `UseDevelopmentStorage=true` means the repo's own Azurite, as with `func start`.
const azurite =
  env.AzureWebJobsStorage?.trim().toLowerCase() === "usedevelopmentstorage=true"
    ? await startAzurite()
    : undefined;
if (azurite) env.AzureWebJobsStorage = azurite.connectionString;
// The worker checks each call's ticket in the tables the functions app writes: the same storage.
if (
  !env.STORAGE_TABLE_ENDPOINT &&
  !env.CALL_RECORDS_CONNECTION_STRING &&
  env.AzureWebJobsStorage?.includes("=")
) {
  env.CALL_RECORDS_CONNECTION_STRING = env.AzureWebJobsStorage;
}

const children: ManagedProcess[] = [];
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  await stopAll(children);
  await azurite?.close();
  process.exit(code);
};
for (const [name, modulePath, port] of [
  ["media-worker", workerMain, workerPort],
  ["functions", join(cliDir, "functions-host-process.js"), functionsPort],
] as const) {
  const child = new ManagedProcess({
    name,
    modulePath,
    env: { ...env, PORT: String(port) },
    logFile: join(logsDir, `${name}.log`),
    echo: true,
  });
  children.push(child);
  void child.exit.then((code) => {
    if (stopping) return;
    console.error(`${name} exited (code ${code}); see ${join(logsDir, `${name}.log`)}`);
    void stop(1);
  });
}

console.log(`functions     http://127.0.0.1:${functionsPort}/api  (incomingCall, callbacks, calls, health)`);
console.log(
  `function key  ${env.FUNCTIONS_LOCAL_KEY}  (?code=<key> or x-functions-key on incomingCall and calls)`,
);
console.log(`media worker  ws://127.0.0.1:${workerPort}/media  (healthz, readyz)`);
console.log("Ctrl-C stops both.");
process.once("SIGINT", () => void stop(0));
process.once("SIGTERM", () => void stop(0));
