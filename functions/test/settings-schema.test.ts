// The functions app's declared settings (settings-schema.ts) against its readers: each declared default is
// what the app applies when the setting is unset, so the settings catalog and .env.example, derived from
// the declaration, tell the truth.
import { describe, expect, it } from "vitest";
import { loadControlPlaneSettings } from "../src/control-plane/control-plane-settings.js";
import { loadSettings } from "../src/settings/settings.js";
import { FUNCTIONS_SETTINGS, type FunctionsEnv } from "../src/settings/settings-schema.js";

const minimal: FunctionsEnv = {
  ACS_AUDIENCE: "00000000-1111-2222-3333-444444444444",
  ACS_ENDPOINT: "https://contoso.communication.azure.com",
  MEDIA_WORKER_URL: "wss://worker.contoso.net/media",
  CALLBACK_BASE_URL: "https://functions.contoso.net",
  AzureWebJobsStorage: "UseDevelopmentStorage=true",
  WEB_PUBSUB_ENDPOINT: "https://contoso.webpubsub.azure.com",
  MONITOR_TOKEN: "a-local-monitor-token",
};

/** What the app makes of an environment, as plain data (URLs as text). */
function effective(env: FunctionsEnv): unknown {
  return JSON.parse(JSON.stringify({ app: loadSettings(env), controlPlane: loadControlPlaneSettings(env) }));
}

describe("the functions app's declared settings", () => {
  const withDefaults = FUNCTIONS_SETTINGS.filter((s) => "default" in s);

  it.each(withDefaults.map((s) => [s.name, s.default]))("%s defaults to %j", (name, value) => {
    expect(effective({ ...minimal, [name]: value })).toEqual(effective(minimal));
  });

  it("would notice a default that is not the one applied", () => {
    expect(effective({ ...minimal, MEDIA_WATCHDOG_SECONDS: "6" })).not.toEqual(effective(minimal));
    expect(effective({ ...minimal, WEB_PUBSUB_HUB: "other" })).not.toEqual(effective(minimal));
  });

  it("names each setting once", () => {
    const names = FUNCTIONS_SETTINGS.map((s) => s.name);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });
});
