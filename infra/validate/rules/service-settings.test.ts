// The required-settings rule takes what each service declares (its settings-schema.ts), so a setting a
// service comes to need is required of its host without editing the rule. Here: the declarations still
// ask for everything the hand-kept list of this rule asked for.
import { describe, expect, it } from "vitest";
import { REQUIRED_SETTINGS } from "./service-settings.js";

/** Each requirement with its alternatives in a stable order, the whole list as a set. */
const normalized = (requirements: readonly string[] | undefined) =>
  new Set((requirements ?? []).map((alternatives) => alternatives.split("|").sort().join("|")));

describe("service-settings requirements", () => {
  it("asks of the functions host what the functions app needs in Azure", () => {
    expect(normalized(REQUIRED_SETTINGS.get("function"))).toEqual(
      normalized([
        "MEDIA_WORKER_URL",
        "CALLBACK_BASE_URL",
        "ACS_AUDIENCE",
        "ACS_ENDPOINT|ACS_CONNECTION_STRING",
        "AzureWebJobsStorage__accountName|AzureWebJobsStorage",
        "AZURE_CLIENT_ID",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
      ]),
    );
  });

  it("asks of the container app what the worker needs in Azure", () => {
    expect(normalized(REQUIRED_SETTINGS.get("containerapp"))).toEqual(
      normalized([
        "VOICE_LIVE_ENDPOINTS|VOICE_LIVE_ENDPOINT",
        "ACS_AUDIENCE",
        "ACS_ENDPOINT|ACS_CONNECTION_STRING",
        "AZURE_CLIENT_ID",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
      ]),
    );
  });
});
