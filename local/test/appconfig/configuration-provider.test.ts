// `@azure/app-configuration-provider` (what a service uses to load settings and refresh them when a
// sentinel key changes) against the emulator: selectors with prefix trimming, and a reload that
// happens only after the sentinel changes.
import { load } from "@azure/app-configuration-provider";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AppConfigEmulator, startAppConfigEmulator } from "../../src/appconfig/index.js";

const REFRESH_INTERVAL_MS = 1000; // the provider's minimum

let emulator: AppConfigEmulator;

beforeEach(async () => {
  emulator = await startAppConfigEmulator({
    settings: [
      { key: "voicebot:voice", value: "en-US-AvaNeural", label: "prod" },
      { key: "voicebot:greeting", value: "Hello!", label: "prod" },
      { key: "voicebot:greeting", value: "Hi (unlabelled)" },
      { key: "voicebot:sentinel", value: "1" },
    ],
  });
});

afterEach(async () => {
  await emulator.close();
});

describe("App Configuration emulator with the configuration provider", () => {
  it("loads the selected settings and reloads them when the sentinel changes", async () => {
    const settings = await load(emulator.connectionString, {
      selectors: [{ keyFilter: "voicebot:*", labelFilter: "prod" }],
      trimKeyPrefixes: ["voicebot:"],
      refreshOptions: {
        enabled: true,
        refreshIntervalInMs: REFRESH_INTERVAL_MS,
        watchedSettings: [{ key: "voicebot:sentinel" }],
      },
      // No DNS lookups for replicas of a store on 127.0.0.1; http needs the explicit opt-in.
      replicaDiscoveryEnabled: false,
      clientOptions: { allowInsecureConnection: true },
    });
    expect(settings.get("voice")).toBe("en-US-AvaNeural");
    expect(settings.get("greeting")).toBe("Hello!");

    emulator.set("voicebot:voice", "en-US-JennyNeural", "prod");
    await new Promise((resolve) => setTimeout(resolve, REFRESH_INTERVAL_MS + 100));
    await settings.refresh();
    expect(settings.get("voice")).toBe("en-US-AvaNeural");

    emulator.set("voicebot:sentinel", "2");
    await new Promise((resolve) => setTimeout(resolve, REFRESH_INTERVAL_MS + 100));
    await settings.refresh();
    expect(settings.get("voice")).toBe("en-US-JennyNeural");

    // The sentinel was polled with its ETag; the unchanged polls were answered 304.
    const polls = emulator.requests.filter((r) => r.path === "/kv/voicebot:sentinel");
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls.some((r) => r.status === 304)).toBe(true);
  });
});
