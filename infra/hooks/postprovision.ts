// azd postprovision hook: seeds the bot's settings into App Configuration as the deployer (azd sign-in),
// retrying while the deployer's App Configuration Data Owner role, created by the provision that just ran,
// propagates. Why not in Bicep: infra/modules/app-configuration.bicep.
//
// azure.yaml sets continueOnError: a store that could not be seeded leaves the services on their built-in
// defaults, which is no reason to stop `azd up` before the deploy. The `up` workflow provisions twice, so this
// runs (and retries) once more after the deploy anyway.

import { fileURLToPath } from "node:url";
import { appConfigurationStore } from "./app-configuration-client.js";
import { seedAppConfiguration } from "./app-configuration-seed.js";
import { loadAzdEnv, requireSettings } from "./azd-env.js";
import { deployerCredential } from "./credential.js";
import { sleep } from "./retry.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

async function main(): Promise<void> {
  const env = loadAzdEnv(repoRoot);
  const settings = requireSettings(env, ["APP_CONFIGURATION_ENDPOINT", "AZURE_ENV_NAME", "AZURE_LOCATION"]);
  const store = appConfigurationStore(
    settings.APP_CONFIGURATION_ENDPOINT,
    deployerCredential(env.AZURE_TENANT_ID),
  );
  await seedAppConfiguration(
    { store, sleep, log: (line) => console.log(line), now: () => Date.now() },
    {
      endpoint: settings.APP_CONFIGURATION_ENDPOINT,
      // The label the apps read (APP_CONFIGURATION_LABEL in main.bicep is the environment name too).
      label: settings.AZURE_ENV_NAME,
      input: { location: settings.AZURE_LOCATION, transferNumber: env.TRANSFER_NUMBER ?? "" },
    },
  );
}

main().catch((error: unknown) => {
  console.error(`postprovision: ${error instanceof Error ? error.message : "failed"}`);
  console.error("postprovision: to finish this step later, run `azd hooks run postprovision`.");
  process.exitCode = 1;
});
