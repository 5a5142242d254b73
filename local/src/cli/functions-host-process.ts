// Child process: the functions dev host (the Functions app's route table on node:http) on PORT, with the
// app settings from the environment. Reports its URL with "ready".

import { startFunctionsHost } from "../functions-host/index.js";
import { closeOnShutdown, failStartup, sendToRunner } from "../runner/child-runtime.js";

const NAME = "functions";

let host: Awaited<ReturnType<typeof startFunctionsHost>>;
try {
  host = await startFunctionsHost({ env: process.env, port: Number(process.env.PORT ?? "0") });
} catch (error) {
  failStartup(NAME, error);
}

closeOnShutdown(NAME, () => host.close());
console.error(`${NAME}: listening on ${host.url}/api`);
sendToRunner({ type: "ready", info: { url: host.url } });
