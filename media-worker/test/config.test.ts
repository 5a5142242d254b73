/**
 * Worker configuration: a valid environment becomes a typed config (Voice Live URL mapped to ws(s) with the
 * fixed path and api-version); an invalid one yields one message per setting, never echoing values.
 */
import { describe, expect, it } from "vitest";
import { parseWorkerConfig } from "../src/config.js";

const minimal = {
  VOICE_LIVE_ENDPOINT: "https://contoso.services.ai.azure.com",
  ACS_AUDIENCE: "00000000-1111-2222-3333-444444444444",
  ACS_ENDPOINT: "https://contoso.communication.azure.com",
  STORAGE_TABLE_ENDPOINT: "https://contosodata.table.core.windows.net",
};

describe("parseWorkerConfig", () => {
  it("fills defaults and maps the Voice Live endpoint to its realtime WebSocket URL", () => {
    const result = parseWorkerConfig(minimal);
    if (!result.ok) throw new Error(result.problems.join("; "));
    expect(result.config.port).toBe(8080);
    expect(result.config.voiceLive.realtimeUrl).toBe(
      "wss://contoso.services.ai.azure.com/voice-live/realtime?api-version=2026-04-10&model=gpt-realtime",
    );
    expect(result.config.voiceLive.apiKey).toBeUndefined();
    expect(result.config.acs.audioFormat).toBe("pcm24KMono");
    expect(result.config.acs.issuer).toBe("https://acscallautomation.communication.azure.com");
    expect(result.config.acs.jwksUrl).toBe("https://acscallautomation.communication.azure.com/calling/keys");
    expect(result.config.conversation.greeting.length).toBeGreaterThan(0);
  });

  it("maps an http emulator endpoint to ws and replaces any path", () => {
    const result = parseWorkerConfig({
      ...minimal,
      VOICE_LIVE_ENDPOINT: "http://127.0.0.1:4567/some/prefix",
      VOICE_LIVE_MODEL: "gpt-4o-mini-realtime",
      VOICE_LIVE_API_KEY: "local-dev-key",
      ACS_AUDIO_FORMAT: "PCM16KMONO",
      GREETING: "",
      PORT: "0",
    });
    if (!result.ok) throw new Error(result.problems.join("; "));
    expect(result.config.voiceLive.realtimeUrl).toBe(
      "ws://127.0.0.1:4567/voice-live/realtime?api-version=2026-04-10&model=gpt-4o-mini-realtime",
    );
    expect(result.config.acs.audioFormat).toBe("pcm16KMono");
    expect(result.config.conversation.greeting).toBe("");
    expect(result.config.port).toBe(0);
  });

  it("refuses plain http for Voice Live and the ACS keys anywhere but loopback", () => {
    const result = parseWorkerConfig({
      ...minimal,
      VOICE_LIVE_ENDPOINT: "http://voicelive.example.com",
      ACS_JWKS_URL: "http://keys.example.com/calling/keys",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      "VOICE_LIVE_ENDPOINT must use https (plain http only on loopback)",
      "ACS_JWKS_URL must use https (plain http only on loopback)",
    ]);
    expect(parseWorkerConfig({ ...minimal, ACS_JWKS_URL: "http://127.0.0.1:9/calling/keys" }).ok).toBe(true);
  });

  it("names every missing or invalid setting, once each, without echoing values", () => {
    const result = parseWorkerConfig({
      VOICE_LIVE_ENDPOINT: "ftp://secret-host",
      ACS_AUDIO_FORMAT: "mp3-secret",
      PORT: "http",
      VOICE_LIVE_SAMPLE_RATE_HZ: "44100",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.problems.join("\n");
    for (const setting of [
      "VOICE_LIVE_ENDPOINT",
      "ACS_AUDIENCE",
      "ACS_AUDIO_FORMAT",
      "PORT",
      "ACS_CONNECTION_STRING or ACS_ENDPOINT",
      "VOICE_LIVE_SAMPLE_RATE_HZ",
    ]) {
      expect(text).toContain(setting);
    }
    expect(text).not.toContain("secret");
    expect(result.problems.length).toBe(6);
  });
});

describe("call-control settings", () => {
  it("defaults: end_call on, transfer off without a number, DTMF on, timeouts and renewal set, records in the data tables", () => {
    const result = parseWorkerConfig(minimal);
    if (!result.ok) throw new Error(result.problems.join("; "));
    const { callControl, renewal, callRecords } = result.config;
    expect(callControl.tools).toMatchObject({ endCall: true, transferToHuman: false, examples: false });
    expect(callControl.dtmf).toEqual({ enabled: true, interDigitMs: 1_500 });
    // A phone may ring 20-30 s before it (or its voicemail) answers a transfer.
    expect(callControl.transfer).toEqual({ ringTimeoutMs: 75_000, sourceCallerId: undefined });
    expect(callControl.mediaResumeGraceMs).toBe(8_000);
    expect(callControl.timeouts).toEqual({
      callerSilenceMs: 20_000,
      silenceHangupMs: 15_000,
      maxCallMs: 3_600_000,
    });
    expect(renewal).toEqual({
      renewAfterMs: 1_500_000,
      renewMarginMs: 120_000,
      maxReconnectAttempts: 5,
      connectPatienceMs: 10_000,
    });
    expect(callRecords).toMatchObject({
      target: { endpoint: "https://contosodata.table.core.windows.net" },
      table: "callrecords",
    });
  });

  it("checks call tickets in the data tables; off only with a local ACS emulator", () => {
    const on = parseWorkerConfig(minimal);
    expect(on.ok && on.config.callTickets).toEqual({
      target: { endpoint: "https://contosodata.table.core.windows.net" },
    });
    const { STORAGE_TABLE_ENDPOINT: _, ...noTables } = minimal;
    const missing = parseWorkerConfig(noTables);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problems.join("\n")).toContain("STORAGE_TABLE_ENDPOINT");
    const offInAzure = parseWorkerConfig({ ...minimal, CALL_TICKETS: "off" });
    expect(offInAzure.ok).toBe(false);
    if (!offInAzure.ok) expect(offInAzure.problems.join("\n")).toContain("CALL_TICKETS=off");
    const offLocally = parseWorkerConfig({
      ...noTables,
      CALL_TICKETS: "off",
      ACS_JWKS_URL: "http://127.0.0.1:4567/calling/keys",
    });
    expect(offLocally.ok && offLocally.config.callTickets).toBeUndefined();
  });

  it("reads the transfer ring time, the caller id and the media grace; names a bad caller id", () => {
    const result = parseWorkerConfig({
      ...minimal,
      TRANSFER_RING_TIMEOUT_SECONDS: "120",
      ACS_CALLER_ID: "+18005550100",
      MEDIA_RESUME_GRACE_SECONDS: "3",
    });
    if (!result.ok) throw new Error(result.problems.join("; "));
    expect(result.config.callControl.transfer).toEqual({
      ringTimeoutMs: 120_000,
      sourceCallerId: "+18005550100",
    });
    expect(result.config.callControl.mediaResumeGraceMs).toBe(3_000);
    const bad = parseWorkerConfig({
      ...minimal,
      ACS_CALLER_ID: "18005550100",
      TRANSFER_RING_TIMEOUT_SECONDS: "5",
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const text = bad.problems.join("\n");
    expect(text).toContain("ACS_CALLER_ID");
    expect(text).toContain("TRANSFER_RING_TIMEOUT_SECONDS");
    expect(text).not.toContain("18005550100");
  });

  it("reads switches, numbers and the records target", () => {
    const result = parseWorkerConfig({
      ...minimal,
      TOOLS_END_CALL: "false",
      TRANSFER_NUMBER: "+14255550199",
      DTMF_ENABLED: "off",
      MAX_CALL_SECONDS: "0",
      CALL_RECORDS_CONNECTION_STRING: "UseDevelopmentStorage=true",
      PRICE_PER_1M_OUTPUT_AUDIO_TOKENS: "80",
    });
    if (!result.ok) throw new Error(result.problems.join("; "));
    expect(result.config.callControl.tools).toMatchObject({
      endCall: false,
      transferToHuman: true,
      transferNumber: "+14255550199",
    });
    expect(result.config.callControl.dtmf.enabled).toBe(false);
    expect(result.config.callControl.timeouts.maxCallMs).toBe(0);
    expect(result.config.callRecords).toMatchObject({
      target: { connectionString: "UseDevelopmentStorage=true" },
      table: "callrecords",
      prices: { outputAudio: 80 },
    });
  });

  it("names bad values without echoing them", () => {
    const result = parseWorkerConfig({
      ...minimal,
      TRANSFER_NUMBER: "555-secret-0123",
      TOOLS_END_CALL: "maybe",
      CALLER_SILENCE_SECONDS: "-3",
      PRICE_PER_1M_INPUT_TEXT_TOKENS: "free",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.problems.join("\n");
    for (const setting of [
      "TRANSFER_NUMBER",
      "TOOLS_END_CALL",
      "CALLER_SILENCE_SECONDS",
      "PRICE_PER_1M_INPUT_TEXT_TOKENS",
    ]) {
      expect(text).toContain(setting);
    }
    expect(text).not.toContain("secret");
  });
});
