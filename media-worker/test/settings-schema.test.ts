// The worker's declared settings (settings-schema.ts) against its readers: each declared default is what
// the worker applies when the setting is unset, so the settings catalog and .env.example, derived from the
// declaration, tell the truth.
import { describe, expect, it } from "vitest";
import { parseWorkerConfig } from "../src/config.js";
import { parseAppConfigSettings } from "../src/config-source/app-config-settings.js";
import { applyCallSettings } from "../src/config-source/apply-call-settings.js";
import { envOverrides } from "../src/config-source/call-settings.js";
import { parseControlPlaneConfig } from "../src/control-plane/control-plane-config.js";
import { WORKER_SETTINGS, type WorkerEnv } from "../src/settings-schema.js";
import { DEFAULT_FRAME_SAMPLE_EVERY } from "../src/telemetry/azure-monitor.js";

/** Every optional service on, so that each default has a reader that applies it. */
const minimal: WorkerEnv = {
  ACS_AUDIENCE: "00000000-1111-2222-3333-444444444444",
  ACS_ENDPOINT: "https://contoso.communication.azure.com",
  STORAGE_TABLE_ENDPOINT: "https://contosodata.table.core.windows.net",
  VOICE_LIVE_ENDPOINT: "https://contoso.cognitiveservices.azure.com",
  WEB_PUBSUB_ENDPOINT: "https://contoso.webpubsub.azure.com",
  WORKER_ID: "worker-1",
  APP_CONFIGURATION_ENDPOINT: "https://contoso.azconfig.io",
};

/** What the worker makes of an environment: its configuration per call, control plane and store. */
function effective(env: WorkerEnv) {
  const parsed = parseWorkerConfig(env);
  const overrides = envOverrides(env);
  if (!parsed.ok || !overrides.ok) throw new Error("the environment was refused");
  const controlPlane = parseControlPlaneConfig(env);
  return {
    // Without App Configuration the env's own call settings apply (what worker-services does).
    config: applyCallSettings(parsed.config, overrides.settings),
    controlPlane:
      controlPlane.ok && controlPlane.config ? { ...controlPlane.config, access: undefined } : undefined,
    appConfig: parseAppConfigSettings(env),
  };
}

describe("the worker's declared settings", () => {
  const withDefaults = WORKER_SETTINGS.filter((s) => "default" in s);

  it.each(withDefaults.map((s) => [s.name, s.default]))("%s defaults to %j", (name, value) => {
    expect(effective({ ...minimal, [name]: value })).toEqual(effective(minimal));
  });

  it("would notice a default that is not the one applied", () => {
    expect(effective({ ...minimal, PORT: "8081" })).not.toEqual(effective(minimal));
    expect(effective({ ...minimal, WEB_PUBSUB_HUB: "other" })).not.toEqual(effective(minimal));
    expect(effective({ ...minimal, APP_CONFIGURATION_REFRESH_SECONDS: "31" })).not.toEqual(
      effective(minimal),
    );
  });

  it("declares the telemetry sampling default the exporter uses", () => {
    const declared = WORKER_SETTINGS.find((s) => s.name === "TELEMETRY_FRAME_SAMPLE_EVERY");
    expect(declared && "default" in declared ? declared.default : undefined).toBe(
      String(DEFAULT_FRAME_SAMPLE_EVERY),
    );
  });

  it("names each setting once", () => {
    const names = WORKER_SETTINGS.map((s) => s.name);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });
});
