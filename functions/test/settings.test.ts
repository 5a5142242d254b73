import { describe, expect, it } from "vitest";
import { ConfigurationError, loadSettings } from "../src/app.js";

const valid = {
  ACS_CONNECTION_STRING: "endpoint=https://contoso.communication.azure.com/;accesskey=c2VjcmV0LWtleQ==",
  MEDIA_WORKER_URL: "wss://worker.example.com/media",
  CALLBACK_BASE_URL: "https://functions.example.com/",
  ACS_AUDIENCE: "6d889502-3d7a-41a8-befa-d21fd80e8767",
  AzureWebJobsStorage: "UseDevelopmentStorage=true",
};

function problemsOf(env: Record<string, string | undefined>): Record<string, string> {
  try {
    loadSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return Object.fromEntries((error as ConfigurationError).problems.map((p) => [p.setting, p.problem]));
  }
  throw new Error("expected a ConfigurationError");
}

describe("loadSettings", () => {
  it("reads a complete configuration with defaults", () => {
    const settings = loadSettings(valid);
    expect(settings.callbackBaseUrl).toBe("https://functions.example.com");
    expect(settings.mediaWorkerUrl).toBe("wss://worker.example.com/media");
    expect(settings.audioFormat).toBe("pcm24KMono");
    expect(settings.acsIssuer).toBe("https://acscallautomation.communication.azure.com");
    expect(settings.acsJwksUrl).toBe("https://acscallautomation.communication.azure.com/calling/keys");
    expect(settings.acs.kind).toBe("connection-string");
    expect(settings.storage).toEqual({
      kind: "connection-string",
      connectionString: "UseDevelopmentStorage=true",
    });
    expect(settings.callerId).toBeUndefined();
  });

  it("names every missing setting at once", () => {
    const problems = problemsOf({});
    expect(Object.keys(problems).sort()).toEqual(
      [
        "ACS_AUDIENCE",
        "ACS_CONNECTION_STRING",
        "AzureWebJobsStorage",
        "CALLBACK_BASE_URL",
        "MEDIA_WORKER_URL",
      ].sort(),
    );
    expect(problems.ACS_CONNECTION_STRING).toContain("ACS_ENDPOINT");
  });

  it("names invalid values without quoting them", () => {
    const secret = "endpoint=not a url;accesskey=TOP-SECRET";
    try {
      loadSettings({
        ...valid,
        ACS_CONNECTION_STRING: secret,
        MEDIA_WORKER_URL: "https://worker.example.com/media",
        ACS_AUDIO_FORMAT: "mp3",
        ACS_CALLER_ID: "555-0100",
      });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("ACS_CONNECTION_STRING");
      expect(message).toContain("MEDIA_WORKER_URL");
      expect(message).toContain("ACS_AUDIO_FORMAT");
      expect(message).toContain("ACS_CALLER_ID");
      expect(message).not.toContain("TOP-SECRET");
      expect(message).not.toContain("555-0100");
    }
  });

  it("reports a malformed ACS connection string by name", () => {
    expect(Object.keys(problemsOf({ ...valid, ACS_CONNECTION_STRING: "accesskey=abc" }))).toEqual([
      "ACS_CONNECTION_STRING",
    ]);
  });

  it("allows plain http/ws only on loopback", () => {
    const local = loadSettings({
      ...valid,
      ACS_CONNECTION_STRING: "endpoint=http://127.0.0.1:8123/;accesskey=c2VjcmV0",
      MEDIA_WORKER_URL: "ws://127.0.0.1:8080/media",
      CALLBACK_BASE_URL: "http://localhost:7071",
      ACS_JWKS_URL: "http://127.0.0.1:8123/calling/keys",
    });
    expect(local.mediaWorkerUrl).toBe("ws://127.0.0.1:8080/media");
    expect(
      Object.keys(
        problemsOf({
          ...valid,
          ACS_CONNECTION_STRING: "endpoint=http://acs.example.com/;accesskey=c2VjcmV0",
          MEDIA_WORKER_URL: "ws://worker.example.com/media",
          CALLBACK_BASE_URL: "http://functions.example.com",
        }),
      ).sort(),
    ).toEqual(["ACS_CONNECTION_STRING", "CALLBACK_BASE_URL", "MEDIA_WORKER_URL"]);
  });

  it("uses the managed identity for ACS_ENDPOINT and identity-based storage", () => {
    const { ACS_CONNECTION_STRING: _, AzureWebJobsStorage: __, ...rest } = valid;
    const settings = loadSettings({
      ...rest,
      ACS_ENDPOINT: "https://contoso.communication.azure.com",
      AzureWebJobsStorage__accountName: "contosostorage",
      AzureWebJobsStorage__clientId: "1111-2222",
    });
    expect(settings.acs).toMatchObject({ kind: "managed-identity" });
    expect(settings.storage).toEqual({
      kind: "identity",
      tableServiceUrl: "https://contosostorage.table.core.windows.net",
      managedIdentityClientId: "1111-2222",
    });
  });

  it("keeps the app's tables in the data account (STORAGE_TABLE_ENDPOINT), not the host's own storage", () => {
    const { AzureWebJobsStorage: _, ...rest } = valid;
    // As in Azure: the host's storage is identity-based too, and the app's identity is AZURE_CLIENT_ID.
    const settings = loadSettings({
      ...rest,
      AzureWebJobsStorage__accountName: "sthost",
      AzureWebJobsStorage__clientId: "1111-2222",
      AZURE_CLIENT_ID: "1111-2222",
      STORAGE_TABLE_ENDPOINT: "https://stdata.table.core.windows.net/",
    });
    expect(settings.storage).toEqual({
      kind: "identity",
      tableServiceUrl: "https://stdata.table.core.windows.net",
      managedIdentityClientId: "1111-2222",
    });
    // Local runs set no STORAGE_TABLE_ENDPOINT: the tables stay in AzureWebJobsStorage (Azurite).
    expect(loadSettings(valid).storage).toEqual({
      kind: "connection-string",
      connectionString: "UseDevelopmentStorage=true",
    });
    expect(
      Object.keys(problemsOf({ ...valid, STORAGE_TABLE_ENDPOINT: "http://stdata.table.core.windows.net" })),
    ).toEqual(["STORAGE_TABLE_ENDPOINT"]);
  });

  it("accepts the audio format in any case and the caller id in E.164", () => {
    const settings = loadSettings({
      ...valid,
      ACS_AUDIO_FORMAT: "PCM16KMONO",
      ACS_CALLER_ID: "+14255550100",
    });
    expect(settings.audioFormat).toBe("pcm16KMono");
    expect(settings.callerId).toBe("+14255550100");
  });

  it("reads the bot's numbers, the fallback transfer number and the apology audio; names bad ones", () => {
    const settings = loadSettings({
      ...valid,
      BOT_PHONE_NUMBERS: " +18005550100, +18005550101 ",
      FALLBACK_TRANSFER_NUMBER: "+14255550188",
      APOLOGY_AUDIO_URL: "https://media.example.com/sorry.wav",
    });
    expect(settings.botNumbers).toEqual(["+18005550100", "+18005550101"]);
    expect(settings.fallbackTransferNumber).toBe("+14255550188");
    expect(settings.apologyAudioUrl).toBe("https://media.example.com/sorry.wav");
    expect(loadSettings(valid)).toMatchObject({ botNumbers: [], fallbackTransferNumber: undefined });
    const problems = problemsOf({
      ...valid,
      BOT_PHONE_NUMBERS: "+18005550100, 8005550101",
      FALLBACK_TRANSFER_NUMBER: "4255550188",
      APOLOGY_AUDIO_URL: "http://media.example.com/sorry.wav",
    });
    expect(Object.keys(problems).sort()).toEqual([
      "APOLOGY_AUDIO_URL",
      "BOT_PHONE_NUMBERS",
      "FALLBACK_TRANSFER_NUMBER",
    ]);
    expect(JSON.stringify(problems)).not.toContain("8005550101");
  });

  it("keeps call records 30 days unless told otherwise (0: until deleted by hand); names a bad value", () => {
    expect(loadSettings(valid).callRecordsRetentionDays).toBe(30);
    expect(loadSettings({ ...valid, CALL_RECORDS_RETENTION_DAYS: " 7 " }).callRecordsRetentionDays).toBe(7);
    expect(loadSettings({ ...valid, CALL_RECORDS_RETENTION_DAYS: "0" }).callRecordsRetentionDays).toBe(0);
    for (const bad of ["-1", "30d", "1.5", "9999"]) {
      expect(Object.keys(problemsOf({ ...valid, CALL_RECORDS_RETENTION_DAYS: bad }))).toEqual([
        "CALL_RECORDS_RETENTION_DAYS",
      ]);
    }
    expect(
      problemsOf({ ...valid, CALL_RECORDS_RETENTION_DAYS: "30d" }).CALL_RECORDS_RETENTION_DAYS,
    ).toContain("whole number of days");
  });

  it("refuses an invalid storage account name", () => {
    const { AzureWebJobsStorage: _, ...rest } = valid;
    expect(Object.keys(problemsOf({ ...rest, AzureWebJobsStorage__accountName: "Not_Valid" }))).toEqual([
      "AzureWebJobsStorage__accountName",
    ]);
  });
});
