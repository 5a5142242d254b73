import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { devGuide } from "../../src/runner/dev-guide.js";
import { missingSettings, SETTINGS } from "../../src/runner/settings-catalog.js";

const repoFile = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8");

/** Setting names a service's env schema declares (`  NAME: z…` lines of its zod object). */
function schemaNames(source: string): string[] {
  return [...source.matchAll(/^ {2}([A-Z][A-Za-z0-9_]*): /gm)].map((m) => m[1] as string);
}

describe("settings catalog", () => {
  it("covers every setting the worker and the functions app read", () => {
    const names = new Set(SETTINGS.map((s) => s.name));
    const declared = [
      ...schemaNames(repoFile("media-worker/src/config.ts")),
      ...schemaNames(repoFile("functions/src/settings/settings.ts")),
    ];
    expect(declared.length).toBeGreaterThan(20);
    expect(declared.filter((name) => !names.has(name))).toEqual([]);
  });

  it("is documented, every setting, in .env.example", () => {
    const example = repoFile(".env.example");
    const undocumented = SETTINGS.filter((s) => !new RegExp(`^#? ?${s.name}=`, "m").test(example));
    expect(undocumented.map((s) => s.name)).toEqual([]);
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
