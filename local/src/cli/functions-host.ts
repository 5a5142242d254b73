// `npm run functions:local`: the Functions app on http://127.0.0.1:7071 with the same settings as in Azure
// (from the environment, plus ./.env when present). `AzureWebJobsStorage=UseDevelopmentStorage=true`
// starts the repo's own Azurite on a free port. Usage: functions-host [--port N]
import { existsSync } from "node:fs";
import { ConfigurationError } from "@acs-voice/functions/app";
import { type Azurite, startAzurite } from "../azurite/index.js";
import { startFunctionsHost } from "../functions-host/index.js";

const DEFAULT_PORT = 7071;
const DEVELOPMENT_STORAGE = "usedevelopmentstorage=true";

function portArgument(argv: readonly string[]): number {
  const index = argv.indexOf("--port");
  if (index === -1) return DEFAULT_PORT;
  const port = Number(argv[index + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error("--port must be a number between 0 and 65535");
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  const env: Record<string, string | undefined> = { ...process.env };
  let azurite: Azurite | undefined;
  if (env.AzureWebJobsStorage?.trim().toLowerCase() === DEVELOPMENT_STORAGE) {
    azurite = await startAzurite();
    env.AzureWebJobsStorage = azurite.connectionString;
  }

  let host: Awaited<ReturnType<typeof startFunctionsHost>>;
  try {
    host = await startFunctionsHost({ env, port: portArgument(process.argv.slice(2)) });
  } catch (error) {
    await azurite?.close();
    if (error instanceof ConfigurationError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  console.error(`functions listening on ${host.url}/api (incomingCall, callbacks, calls, health)`);
  console.error(
    `Event Grid URL: ${host.incomingCallUrl}  (the function key: FUNCTIONS_LOCAL_KEY, or random)`,
  );

  const shutdown = async () => {
    await host.close();
    await azurite?.close();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

await main();
