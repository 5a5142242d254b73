// The REST calls the seeding hook makes, against a recording fetch: URL, label, conditional write, and that
// an error names the status but never the URL or the token.
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { describe, expect, it } from "vitest";
import {
  AppConfigurationError,
  appConfigurationStore,
  type Fetch,
  tokenScope,
} from "./app-configuration-client.js";

const TOKEN = "eyJ.secret.token";
const credential: TokenCredential = {
  async getToken(): Promise<AccessToken> {
    return { token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
  },
};

function recordingFetch(status: number, body: unknown = {}) {
  const requests: Array<{ url: string; init: RequestInit }> = [];
  const fetchImpl: Fetch = async (url, init) => {
    requests.push({ url, init });
    return new Response(status === 204 || status === 412 ? null : JSON.stringify(body), { status });
  };
  return { requests, fetchImpl };
}

describe("App Configuration REST client", () => {
  it("writes a key-value only if absent with If-None-Match: *", async () => {
    const { requests, fetchImpl } = recordingFetch(200);
    const store = appConfigurationStore("https://appcs-x.azconfig.io", credential, fetchImpl);
    expect(
      await store.put("voicebot:vad:type", "dev env", "azure_semantic_vad", { onlyIfAbsent: true }),
    ).toBe("written");
    const request = requests[0];
    const url = new URL(request?.url ?? "");
    expect(url.pathname).toBe("/kv/voicebot%3Avad%3Atype");
    expect(url.searchParams.get("label")).toBe("dev env");
    expect(url.searchParams.get("api-version")).toBe("2023-11-01");
    const headers = request?.init.headers as Record<string, string>;
    expect(headers["If-None-Match"]).toBe("*");
    expect(headers.Authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(String(request?.init.body))).toEqual({ value: "azure_semantic_vad" });
  });

  it("reports an existing key as kept (412), a missing one as undefined (404)", async () => {
    const exists = appConfigurationStore(
      "https://appcs-x.azconfig.io",
      credential,
      recordingFetch(412).fetchImpl,
    );
    expect(await exists.put("k", "dev", "v", { onlyIfAbsent: true })).toBe("exists");
    const missing = appConfigurationStore(
      "https://appcs-x.azconfig.io",
      credential,
      recordingFetch(404).fetchImpl,
    );
    expect(await missing.get("k", "dev")).toBeUndefined();
    const found = appConfigurationStore(
      "https://appcs-x.azconfig.io",
      credential,
      recordingFetch(200, { value: "v" }).fetchImpl,
    );
    expect(await found.get("k", "dev")).toBe("v");
  });

  it("throws the status without the URL or the token", async () => {
    const store = appConfigurationStore(
      "https://appcs-x.azconfig.io",
      credential,
      recordingFetch(403).fetchImpl,
    );
    const error = await store.put("k", "dev", "v", { onlyIfAbsent: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppConfigurationError);
    expect((error as AppConfigurationError).status).toBe(403);
    expect(String((error as Error).message)).not.toMatch(/azconfig|secret/);
  });

  it("asks for a token of the store's cloud", () => {
    expect(tokenScope("https://appcs-x.azconfig.io")).toBe("https://appconfig.azure.com/.default");
    expect(tokenScope("https://appcs-x.azconfig.azure.us")).toBe("https://appconfig.azure.us/.default");
    expect(tokenScope("https://appcs-x.azconfig.azure.cn")).toBe("https://appconfig.azure.cn/.default");
  });
});
