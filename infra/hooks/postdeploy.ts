// azd postdeploy hook: subscribes the deployed incomingCall function to ACS IncomingCall events, then
// reports the phone numbers. Runs with the deployer's credentials (azd sign-in).
//
// It retries for about five minutes while the function is not indexed yet. If it still fails, azure.yaml's
// continueOnError lets `azd up` go on (the last provision applies the worker's health probes), and the last
// lines printed here say how to finish.

import { fileURLToPath } from "node:url";
import { WebSiteManagementClient } from "@azure/arm-appservice";
import { EventGridManagementClient } from "@azure/arm-eventgrid";
import { PhoneNumbersClient } from "@azure/communication-phone-numbers";
import { loadAzdEnv, requireSettings } from "./azd-env.js";
import { deployerCredential } from "./credential.js";
import { ensureIncomingCallSubscription, INCOMING_CALL_FUNCTION } from "./incoming-call-subscription.js";
import { type OwnedNumber, phoneNumberReport } from "./phone-numbers.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

async function main(): Promise<void> {
  const env = loadAzdEnv(repoRoot);
  const settings = requireSettings(env, [
    "AZURE_SUBSCRIPTION_ID",
    "AZURE_RESOURCE_GROUP",
    "AZURE_FUNCTION_APP_NAME",
    "AZURE_FUNCTION_APP_URL",
    "ACS_EVENT_GRID_SYSTEM_TOPIC_NAME",
    "ACS_ENDPOINT",
    "ACS_RESOURCE_NAME",
  ]);
  const credential = deployerCredential(env.AZURE_TENANT_ID);
  const webApps = new WebSiteManagementClient(credential, settings.AZURE_SUBSCRIPTION_ID).webApps;
  const eventGrid = new EventGridManagementClient(credential, settings.AZURE_SUBSCRIPTION_ID);

  await ensureIncomingCallSubscription(
    {
      async getFunctionKey() {
        const keys = await webApps.listFunctionKeys(
          settings.AZURE_RESOURCE_GROUP,
          settings.AZURE_FUNCTION_APP_NAME,
          INCOMING_CALL_FUNCTION,
        );
        const key = keys.properties?.default ?? Object.values(keys.properties ?? {})[0];
        if (!key) throw new Error("the incomingCall function has no key yet");
        return key;
      },
      async putSubscription(name, subscription) {
        await eventGrid.systemTopicEventSubscriptions.beginCreateOrUpdateAndWait(
          settings.AZURE_RESOURCE_GROUP,
          settings.ACS_EVENT_GRID_SYSTEM_TOPIC_NAME,
          name,
          subscription,
        );
      },
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      log: (line) => console.log(line),
    },
    { functionAppUrl: settings.AZURE_FUNCTION_APP_URL },
  );

  // Listing numbers needs a data-plane role on ACS that a deployer may not have: report, never fail.
  try {
    const numbers: OwnedNumber[] = [];
    const client = new PhoneNumbersClient(settings.ACS_ENDPOINT, credential);
    for await (const number of client.listPurchasedPhoneNumbers()) numbers.push(number);
    for (const line of phoneNumberReport(numbers, settings.ACS_RESOURCE_NAME)) console.log(line);
  } catch (error) {
    console.log(
      `Could not list the phone numbers (${error instanceof Error ? error.name : "error"}); check Azure portal > ` +
        `Communication Services '${settings.ACS_RESOURCE_NAME}' > Phone numbers.`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(`postdeploy: ${error instanceof Error ? error.message : "failed"}`);
  console.error(
    "postdeploy: the code is deployed, but calls are not delivered to it until this step succeeds; " +
      "run `azd hooks run postdeploy` to finish it.",
  );
  process.exitCode = 1;
});
