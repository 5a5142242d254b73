/**
 * VOICE_LIVE_ENDPOINTS: several Voice Live resources, each with its model, weight, budget and (optionally)
 * its own key, read into the pool's endpoints; the single-endpoint settings still make a pool of one; every
 * mistake is named by entry and option, never echoing a value.
 */
import { describe, expect, it } from "vitest";
import { parseWorkerConfig } from "../src/config.js";

const base = {
  ACS_AUDIENCE: "00000000-1111-2222-3333-444444444444",
  ACS_ENDPOINT: "https://contoso.communication.azure.com",
  STORAGE_TABLE_ENDPOINT: "https://contosodata.table.core.windows.net",
};

function problemsOf(env: Record<string, string>): string[] {
  const result = parseWorkerConfig({ ...base, ...env });
  if (result.ok) throw new Error("expected the configuration to be refused");
  return result.problems;
}

describe("VOICE_LIVE_ENDPOINTS", () => {
  it("lists the resources with their names, models, weights, budgets and keys", () => {
    // A resource's key lives in a setting the list names (apiKeySetting), whatever its name.
    const env: Record<string, string> = {
      ...base,
      VOICE_LIVE_MODEL: "gpt-realtime",
      VOICE_LIVE_API_KEY: "shared-secret-key",
      VOICE_LIVE_ENDPOINTS: [
        "east=https://vl-east.cognitiveservices.azure.com/;weight=3;connectionsPerMinute=60",
        "https://vl-sweden.services.ai.azure.com;model=gpt-realtime-mini;tokensPerMinute=240000;apiKeySetting=VL_SWEDEN_KEY",
        "standby=https://vl-west.cognitiveservices.azure.com;weight=0",
      ].join(",\n"),
      VL_SWEDEN_KEY: "sweden-secret-key",
    };
    const result = parseWorkerConfig(env);
    if (!result.ok) throw new Error(result.problems.join("; "));
    const { endpoints } = result.config.voiceLive;
    expect(
      endpoints.map(({ name, model, weight, connectionsPerMinute, tokensPerMinute }) => ({
        name,
        model,
        weight,
        connectionsPerMinute,
        tokensPerMinute,
      })),
    ).toEqual([
      { name: "east", model: "gpt-realtime", weight: 3, connectionsPerMinute: 60, tokensPerMinute: 120_000 },
      {
        name: "vl-sweden",
        model: "gpt-realtime-mini",
        weight: 1,
        connectionsPerMinute: 30,
        tokensPerMinute: 240_000,
      },
      {
        name: "standby",
        model: "gpt-realtime",
        weight: 0,
        connectionsPerMinute: 30,
        tokensPerMinute: 120_000,
      },
    ]);
    expect(endpoints[1]?.realtimeUrl).toBe(
      "wss://vl-sweden.services.ai.azure.com/voice-live/realtime?api-version=2026-04-10&model=gpt-realtime-mini",
    );
    expect(endpoints.map((endpoint) => endpoint.apiKey)).toEqual([
      "shared-secret-key",
      "sweden-secret-key",
      "shared-secret-key",
    ]);
    // The first endpoint stands for the pool where one URL and model are asked for.
    expect(result.config.voiceLive.model).toBe("gpt-realtime");
    expect(result.config.voiceLive.tokensPerCallMinute).toBe(10_000);
  });

  it("keeps the single-endpoint settings working: a pool of one with the S0 quota as its budget", () => {
    const result = parseWorkerConfig({
      ...base,
      VOICE_LIVE_ENDPOINT: "http://127.0.0.1:4567",
      VOICE_LIVE_MODEL: "gpt-4o-mini-realtime",
    });
    if (!result.ok) throw new Error(result.problems.join("; "));
    expect(result.config.voiceLive.endpoints).toEqual([
      {
        name: "127-0-0-1-4567",
        realtimeUrl:
          "ws://127.0.0.1:4567/voice-live/realtime?api-version=2026-04-10&model=gpt-4o-mini-realtime",
        model: "gpt-4o-mini-realtime",
        weight: 1,
        connectionsPerMinute: 30,
        tokensPerMinute: 120_000,
        apiKey: undefined,
      },
    ]);
  });

  it("names each mistake by entry and option, without echoing a value", () => {
    const problems = problemsOf({
      VOICE_LIVE_ENDPOINTS: [
        "a=https://secret-one.cognitiveservices.azure.com;weight=lots",
        "a=https://secret-two.cognitiveservices.azure.com;colour=blue",
        "http://secret-three.example.com",
        "b=https://secret-four.cognitiveservices.azure.com;apiKeySetting=NOT_SET_KEY;connectionsPerMinute=0",
      ].join(","),
    });
    expect(problems).toEqual([
      "VOICE_LIVE_ENDPOINTS entry 1: weight must be an integer from 0 to 100",
      "VOICE_LIVE_ENDPOINTS entry 2: unknown option (expected model, weight, connectionsPerMinute, tokensPerMinute, apiKeySetting)",
      "VOICE_LIVE_ENDPOINTS entry 3: the endpoint must use https (plain http only on loopback)",
      "VOICE_LIVE_ENDPOINTS entry 4: connectionsPerMinute must be an integer from 1 to 100000",
      "VOICE_LIVE_ENDPOINTS entry 4: apiKeySetting names NOT_SET_KEY, which is not set",
    ]);
    expect(problems.join("\n")).not.toContain("secret");
  });

  it("refuses two endpoints of one name, and both settings at once", () => {
    expect(
      problemsOf({
        VOICE_LIVE_ENDPOINTS:
          "x=https://vl-a.cognitiveservices.azure.com,x=https://vl-b.cognitiveservices.azure.com",
      }),
    ).toEqual(["VOICE_LIVE_ENDPOINTS names 'x' twice; give each endpoint its own name (name=url)"]);
    expect(
      problemsOf({
        VOICE_LIVE_ENDPOINT: "https://vl-a.cognitiveservices.azure.com",
        VOICE_LIVE_ENDPOINTS: "https://vl-b.cognitiveservices.azure.com",
      }),
    ).toEqual([
      "set VOICE_LIVE_ENDPOINTS or VOICE_LIVE_ENDPOINT, not both (VOICE_LIVE_ENDPOINTS lists them all)",
    ]);
    expect(problemsOf({})[0]).toBe(
      "VOICE_LIVE_ENDPOINT is required (or VOICE_LIVE_ENDPOINTS for several resources)",
    );
  });

  it("asks for a transcription model every endpoint's model takes, since a call may move between them", () => {
    const mixed = {
      VOICE_LIVE_ENDPOINTS:
        "a=https://vl-a.cognitiveservices.azure.com;model=gpt-realtime,b=https://vl-b.cognitiveservices.azure.com;model=phi4-mm-realtime",
    };
    expect(problemsOf({ ...mixed, TRANSCRIPTION_MODEL: "whisper-1" })).toEqual([
      "TRANSCRIPTION_MODEL must be one every model of VOICE_LIVE_ENDPOINTS takes (mai-transcribe), or none",
    ]);
    const result = parseWorkerConfig({ ...base, ...mixed });
    if (!result.ok) throw new Error(result.problems.join("; "));
    expect(result.config.conversation.transcriptionModel).toBe("mai-transcribe");
  });

  it("takes FALLBACK_TRANSFER_NUMBER for calls no endpoint has budget for", () => {
    const result = parseWorkerConfig({
      ...base,
      VOICE_LIVE_ENDPOINT: "https://vl-a.cognitiveservices.azure.com",
      FALLBACK_TRANSFER_NUMBER: "+14255550123",
      VOICE_LIVE_TOKENS_PER_CALL_MINUTE: "6000",
    });
    if (!result.ok) throw new Error(result.problems.join("; "));
    expect(result.config.busyTransferNumber).toBe("+14255550123");
    expect(result.config.voiceLive.tokensPerCallMinute).toBe(6_000);
    expect(
      problemsOf({
        VOICE_LIVE_ENDPOINT: "https://vl-a.cognitiveservices.azure.com",
        FALLBACK_TRANSFER_NUMBER: "555",
      }),
    ).toEqual(["FALLBACK_TRANSFER_NUMBER must be an E.164 number like +14255550199"]);
  });
});
