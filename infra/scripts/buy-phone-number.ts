// Opt-in, costs money: searches for one phone number that accepts calls, shows its monthly cost and buys
// it only after the user types "buy". Never run by a hook.
//
//   npx tsx infra/scripts/buy-phone-number.ts [--country US] [--type tollFree|geographic] [--area-code 833]
//
// Reads ACS_ENDPOINT from the environment or from the default azd environment (.azure/<env>/.env), and
// acts as the user signed in to azd / the Azure CLI. A search holds the number for about 15 minutes;
// an unconfirmed search simply expires.
import { createInterface } from "node:readline/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { PhoneNumbersClient } from "@azure/communication-phone-numbers";
import { loadAzdEnv, requireSettings } from "../hooks/azd-env.js";
import { deployerCredential } from "../hooks/credential.js";
import { purchaseOnePhoneNumber } from "./phone-number-purchase.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      country: { type: "string", default: "US" },
      type: { type: "string", default: "tollFree" },
      "area-code": { type: "string" },
    },
  });
  const phoneNumberType =
    values.type === "geographic" ? "geographic" : values.type === "tollFree" ? "tollFree" : undefined;
  if (!phoneNumberType) throw new Error("--type must be tollFree or geographic");

  const env = loadAzdEnv(repoRoot);
  const { ACS_ENDPOINT } = requireSettings(env, ["ACS_ENDPOINT"]);
  const client = new PhoneNumbersClient(ACS_ENDPOINT, deployerCredential(env.AZURE_TENANT_ID));
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    await purchaseOnePhoneNumber(
      {
        store: {
          search: async (request) => (await client.beginSearchAvailablePhoneNumbers(request)).pollUntilDone(),
          purchase: async (searchId) => {
            await (await client.beginPurchasePhoneNumbers(searchId)).pollUntilDone();
          },
        },
        ask: (question) => prompt.question(question),
        log: (line) => console.log(line),
      },
      {
        countryCode: values.country ?? "US",
        phoneNumberType,
        assignmentType: "application",
        capabilities: { calling: "inbound+outbound", sms: "none" },
        ...(values["area-code"] ? { areaCode: values["area-code"] } : {}),
      },
    );
  } finally {
    prompt.close();
  }
}

main().catch((error: unknown) => {
  console.error(`buy-phone-number: ${error instanceof Error ? error.message : "failed"}`);
  process.exitCode = 1;
});
