// Run-time settings against the App Configuration emulator, through the real configuration provider:
// prefix and label selection, env overrides, reload only when the sentinel changes, invalid values named
// by key with the last good settings kept, and what a call's session.update then carries.
import { type AppConfigEmulator, startAppConfigEmulator } from "@acs-voice/local";
import { systemClock } from "@acs-voice/shared";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseWorkerConfig, type WorkerConfig } from "../../src/config.js";
import { AppConfigSource } from "../../src/config-source/app-config-source.js";
import { applyCallSettings } from "../../src/config-source/apply-call-settings.js";
import { type CallSettings, envOverrides } from "../../src/config-source/call-settings.js";
import { buildSessionConfig } from "../../src/session/session-config.js";

const LABEL = "dev";
const REFRESH_MS = 1000; // the provider's minimum

let emulator: AppConfigEmulator;
let source: AppConfigSource | undefined;
let logLines: Array<Record<string, unknown>>;

const logger = () =>
  pino({ level: "info" }, { write: (line: string) => void logLines.push(JSON.parse(line)) });

beforeEach(async () => {
  logLines = [];
  emulator = await startAppConfigEmulator({
    settings: [
      { key: "voicebot:systemPrompt", value: "You are the Contoso help line.", label: LABEL },
      { key: "voicebot:greeting", value: "Contoso, how can I help?", label: LABEL },
      { key: "voicebot:voice", value: "en-US-AvaNeural", label: LABEL },
      { key: "voicebot:vad:type", value: "server_vad", label: LABEL },
      { key: "voicebot:vad:threshold", value: "0.6", label: LABEL },
      { key: "voicebot:vad:silenceDurationMs", value: "700", label: LABEL },
      { key: "voicebot:tools:endCall", value: "false", label: LABEL },
      { key: "voicebot:transferNumber", value: "+14255550199", label: LABEL },
      { key: "voicebot:timeouts:maxCallSeconds", value: "600", label: LABEL },
      { key: "voicebot:sentinel", value: "1", label: LABEL },
      // Another environment's values and an unprefixed key are not ours.
      { key: "voicebot:systemPrompt", value: "PRODUCTION PROMPT", label: "prod" },
      { key: "systemPrompt", value: "not under the prefix", label: LABEL },
    ],
  });
});

afterEach(async () => {
  source?.close();
  source = undefined;
  await emulator.close();
});

function baseConfig(extraEnv: Record<string, string> = {}): WorkerConfig {
  const result = parseWorkerConfig({
    VOICE_LIVE_ENDPOINT: "http://127.0.0.1:1",
    ACS_AUDIENCE: "aud",
    ACS_CONNECTION_STRING: "endpoint=http://127.0.0.1:2/;accesskey=a2V5",
    STORAGE_TABLE_ENDPOINT: "http://127.0.0.1:3/devstoreaccount1",
    ...extraEnv,
  });
  if (!result.ok) throw new Error(result.problems.join("; "));
  return result.config;
}

async function startSource(overrides: CallSettings = {}): Promise<AppConfigSource> {
  source = await AppConfigSource.start({
    target: { connectionString: emulator.connectionString },
    label: LABEL,
    overrides,
    clock: systemClock,
    logger: logger(),
    refreshIntervalMs: 60_000, // the test triggers refreshes itself
  });
  return source;
}

/** Past the provider's minimum interval, then a refresh (what the background timer does). */
async function refreshLater(s: AppConfigSource): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, REFRESH_MS + 150));
  await s.refresh();
}

describe("App Configuration as the source of a call's settings", () => {
  it("loads the prefixed keys of this environment's label into the next call's session.update", async () => {
    const s = await startSource();
    const config = applyCallSettings(baseConfig(), s.current());
    expect(config.conversation).toMatchObject({
      systemPrompt: "You are the Contoso help line.",
      greeting: "Contoso, how can I help?",
      voiceName: "en-US-AvaNeural",
    });
    expect(config.callControl.tools).toMatchObject({
      endCall: false,
      transferToHuman: true,
      transferNumber: "+14255550199",
    });
    expect(config.callControl.timeouts.maxCallMs).toBe(600_000);

    const update = buildSessionConfig({
      systemPrompt: config.conversation.systemPrompt,
      voiceName: config.conversation.voiceName,
      acsAudioFormat: "pcm24KMono",
      vad: config.conversation.vad,
    });
    expect(update.instructions).toBe("You are the Contoso help line.");
    expect(update.turn_detection).toMatchObject({
      type: "server_vad",
      threshold: 0.6,
      silence_duration_ms: 700,
    });
    // The provider asked for our label only.
    const listings = emulator.requests.filter((r) => r.path === "/kv");
    expect(listings.every((r) => r.query.label?.[0] === LABEL)).toBe(true);
  });

  it("lets explicitly set env vars win over the store", async () => {
    const env = { SYSTEM_PROMPT: "Local prompt", VAD_THRESHOLD: "0.3", GREETING: "" };
    const overrides = envOverrides(env);
    if (!overrides.ok) throw new Error(overrides.problems.join("; "));
    const s = await startSource(overrides.settings);
    const config = applyCallSettings(baseConfig(env), s.current());
    expect(config.conversation.systemPrompt).toBe("Local prompt");
    expect(config.conversation.greeting).toBe("");
    expect(config.conversation.vad).toMatchObject({
      type: "server_vad",
      threshold: 0.3,
      silenceDurationMs: 700,
    });
  });

  it("applies a new prompt to the next call once the sentinel changes, without a restart", async () => {
    const s = await startSource();
    emulator.set("voicebot:systemPrompt", "You are the NEW Contoso help line.", LABEL);
    await refreshLater(s);
    expect(s.current().systemPrompt).toBe("You are the Contoso help line.");

    emulator.set("voicebot:sentinel", "2", LABEL);
    await refreshLater(s);
    expect(s.current().systemPrompt).toBe("You are the NEW Contoso help line.");
    expect(applyCallSettings(baseConfig(), s.current()).conversation.systemPrompt).toBe(
      "You are the NEW Contoso help line.",
    );
  });

  it("names an invalid key, keeps the last good settings, and recovers when the value is fixed", async () => {
    const s = await startSource();
    emulator.set("voicebot:vad:threshold", "loud", LABEL);
    emulator.set("voicebot:systemPrompt", "A prompt that must not apply with a broken threshold", LABEL);
    emulator.set("voicebot:sentinel", "2", LABEL);
    await refreshLater(s);

    expect(s.current().vad?.threshold).toBe(0.6);
    expect(s.current().systemPrompt).toBe("You are the Contoso help line.");
    const error = logLines.find((l) => String(l.msg).includes("invalid values"));
    expect(error?.problems).toEqual(["voicebot:vad:threshold must be a number"]);
    expect(JSON.stringify(logLines)).not.toContain("loud");

    emulator.set("voicebot:vad:threshold", "0.45", LABEL);
    emulator.set("voicebot:sentinel", "3", LABEL);
    await refreshLater(s);
    expect(s.current().vad?.threshold).toBe(0.45);
    expect(s.current().systemPrompt).toBe("A prompt that must not apply with a broken threshold");
  });

  it("starts with the worker's own settings when the store cannot be reached", async () => {
    await emulator.close();
    source = await AppConfigSource.start({
      target: { connectionString: emulator.connectionString },
      label: LABEL,
      overrides: {},
      clock: systemClock,
      logger: logger(),
      startupTimeoutMs: 1500,
    });
    expect(source.current()).toEqual({});
    expect(logLines.some((l) => String(l.msg).includes("could not be loaded"))).toBe(true);
    emulator = await startAppConfigEmulator();
  });
});

describe("call setting validation", () => {
  it("names each invalid env override by its variable", () => {
    const result = envOverrides({
      VAD_TYPE: "loudness",
      MAX_CALL_SECONDS: "-1",
      TRANSFER_NUMBER: "555-0199",
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        "VAD_TYPE must be server_vad, azure_semantic_vad or azure_semantic_vad_multilingual",
        "TRANSFER_NUMBER must be an E.164 number like +14255550199 (or empty)",
        "MAX_CALL_SECONDS must be a whole number",
      ],
    });
  });
});

describe("env overrides without a store", () => {
  it("accept the flag spellings the worker's settings accept", () => {
    const result = envOverrides({
      TOOLS_END_CALL: "0",
      TOOLS_TRANSFER_TO_HUMAN: "yes",
      VAD_SILENCE_DURATION_MS: "650",
    });
    expect(result).toEqual({
      ok: true,
      settings: { tools: { endCall: false, transferToHuman: true }, vad: { silenceDurationMs: 650 } },
    });
  });
});
