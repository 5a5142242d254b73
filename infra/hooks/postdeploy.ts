// azd postdeploy hook: subscribes the deployed incomingCall function to ACS IncomingCall events, then
// reports the phone numbers. Runs with the deployer's credentials (azd sign-in).
//
// It retries for about five minutes while the function is not indexed yet. If it still fails, azure.yaml's
// continueOnError lets `azd up` go on (the last provision applies the worker's health probes), and the last
// lines printed here say how to finish.

import { spawnSync } from "node:child_process";
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

  // The resource's numbers: the bot answers these (unless BOT_PHONE_NUMBERS names its own), and the
  // subscription is filtered on them. Listing them needs a data-plane role on ACS that a deployer may not
  // have: report, never fail.
  let owned: OwnedNumber[] | undefined;
  try {
    const numbers: OwnedNumber[] = [];
    const client = new PhoneNumbersClient(settings.ACS_ENDPOINT, credential);
    for await (const number of client.listPurchasedPhoneNumbers()) numbers.push(number);
    owned = numbers;
  } catch (error) {
    console.log(
      `Could not list the phone numbers (${error instanceof Error ? error.name : "error"}); check Azure portal > ` +
        `Communication Services '${settings.ACS_RESOURCE_NAME}' > Phone numbers.`,
    );
  }
  const configured = splitNumbers(env.BOT_PHONE_NUMBERS);
  const botNumbers =
    configured.length > 0
      ? configured
      : (owned ?? []).filter((n) => n.capabilities.calling.includes("inbound")).map((n) => n.phoneNumber);
  if (configured.length === 0 && botNumbers.length > 0) rememberBotNumbers(botNumbers);

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
    { functionAppUrl: settings.AZURE_FUNCTION_APP_URL, botNumbers },
  );

  if (owned) for (const line of phoneNumberReport(owned, settings.ACS_RESOURCE_NAME)) console.log(line);
}

function splitNumbers(value: string | undefined): string[] {
  return (value ?? "").split(/[\s,;]+/).filter((n) => n !== "");
}

/**
 * Keeps the numbers in the azd environment: the provision that follows the deploy in `azd up` gives them
 * to the functions app (BOT_PHONE_NUMBERS), so it answers only them. A number bought later: run
 * `azd env set BOT_PHONE_NUMBERS ...` (or clear it) and `azd provision`.
 */
function rememberBotNumbers(numbers: readonly string[]): void {
  const result = spawnSync("azd", ["env", "set", "BOT_PHONE_NUMBERS", numbers.join(",")], {
    stdio: "ignore",
  });
  if (result.status === 0) {
    console.log(
      `BOT_PHONE_NUMBERS set to the resource's ${numbers.length} number(s); the next provision applies it.`,
    );
  } else {
    console.log(
      "Could not save BOT_PHONE_NUMBERS in the azd environment; the bot answers every number until it is set.",
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
