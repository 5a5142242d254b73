import { readFileSync } from "node:fs";
import { FUNCTIONS_SETTINGS } from "@acs-voice/functions/app";
import { WORKER_SETTINGS } from "@acs-voice/media-worker";
import { describe, expect, it } from "vitest";
import { devGuide } from "../../src/runner/dev-guide.js";
import { missingSettings, SETTINGS } from "../../src/runner/settings-catalog.js";

const repoFile = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8");

describe("settings catalog", () => {
  it("covers every setting the worker and the functions app read", () => {
    // Each service declares what it reads (its readers take only declared names: see settings-schema.ts).
    const declared = [
      ...WORKER_SETTINGS.map((s) => ({ ...s, service: "media-worker" })),
      ...FUNCTIONS_SETTINGS.map((s) => ({ ...s, service: "functions" })),
    ].filter((s) => !("setByPlatform" in s));
    expect(declared.length).toBeGreaterThan(20);
    const missing = declared.filter(
      (s) => !SETTINGS.some((c) => c.name === s.name && (c.services as string[]).includes(s.service)),
    );
    expect(missing.map((s) => s.name)).toEqual([]);
  });

  it("holds a setting both services read to one requirement", () => {
    const worker = new Map<string, unknown>(WORKER_SETTINGS.map((s) => [s.name, s.required]));
    const differing = FUNCTIONS_SETTINGS.filter(
      (s) => worker.has(s.name) && worker.get(s.name) !== s.required,
    );
    expect(differing.map((s) => s.name)).toEqual([]);
  });

  it("is documented, every setting, in .env.example", () => {
    const example = repoFile(".env.example");
    const undocumented = SETTINGS.filter((s) => !new RegExp(`^#? ?${s.name}=`, "m").test(example));
    expect(undocumented.map((s) => s.name)).toEqual([]);
  });

  it("shows each default in .env.example as the services apply it", () => {
    const example = repoFile(".env.example");
    const shown = SETTINGS.flatMap((s) => {
      const value = new RegExp(`^#? ?${s.name}=(.*)$`, "m").exec(example)?.[1];
      // Only a setting whose example value is its default; placeholders (<…>) and other examples are not.
      return s.default !== undefined && value !== undefined && value === s.default ? [s.name] : [];
    });
    const differing = SETTINGS.filter((s) => {
      const value = new RegExp(`^# ${s.name}=(.*)$`, "m").exec(example)?.[1];
      return s.default !== undefined && value !== undefined && !value.startsWith("<") && value !== s.default;
    });
    expect(differing.map((s) => `${s.name}=${s.default}`)).toEqual([]);
    expect(shown.length).toBeGreaterThan(20);
  });

  it("names what is missing, alternatives together", () => {
    expect(missingSettings({})).toEqual([
      "ACS_AUDIENCE",
      "MEDIA_WORKER_URL",
      "CALLBACK_BASE_URL",
      "ACS_CONNECTION_STRING or ACS_ENDPOINT",
      "AzureWebJobsStorage or AzureWebJobsStorage__accountName",
      "VOICE_LIVE_ENDPOINT or VOICE_LIVE_ENDPOINTS",
    ]);
    expect(
      missingSettings({
        ACS_ENDPOINT: "https://a.communication.azure.com",
        ACS_AUDIENCE: "id",
        MEDIA_WORKER_URL: "wss://w/media",
        CALLBACK_BASE_URL: "https://f",
        VOICE_LIVE_ENDPOINT: "https://v",
        AzureWebJobsStorage__accountName: "acct",
      }),
    ).toEqual([]);
    expect(missingSettings({ ACS_AUDIENCE: "   " })).toContain("ACS_AUDIENCE");
  });
});

describe("npm run dev guidance", () => {
  it("gives the tunnel ports and the webhook URL built from CALLBACK_BASE_URL", () => {
    const text = devGuide(
      {
        CALLBACK_BASE_URL: "https://abc-7071.devtunnels.ms/",
        MEDIA_WORKER_URL: "wss://abc-8080.devtunnels.ms/media",
      },
      { functionsPort: 7071, workerPort: 8080 },
    ).join("\n");
    expect(text).toContain("devtunnel host -p 7071 -p 8080");
    expect(text).toContain("https://abc-7071.devtunnels.ms/api/incomingCall");
    expect(text).toContain("Missing settings");
    expect(text).toContain("  - VOICE_LIVE_ENDPOINT");
    expect(text).not.toContain("points at this machine");
  });

  it("warns when ACS would be sent to this machine", () => {
    const text = devGuide(
      { CALLBACK_BASE_URL: "http://127.0.0.1:7071", MEDIA_WORKER_URL: "ws://localhost:8080/media" },
      { functionsPort: 7071, workerPort: 8080 },
    ).join("\n");
    expect(text).toContain("CALLBACK_BASE_URL points at this machine");
    expect(text).toContain("MEDIA_WORKER_URL points at this machine");
  });
});
