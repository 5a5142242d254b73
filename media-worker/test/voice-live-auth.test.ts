/**
 * Voice Live credentials: an API key goes in the `api-key` header; with Microsoft Entra ID the token for
 * https://ai.azure.com/.default is cached, shared by concurrent connects, refreshed ahead of expiry, and
 * a failed refresh falls back to a token that is still valid.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/identity";
import { describe, expect, it } from "vitest";
import { apiKeyAuth, tokenCredentialAuth } from "../src/voicelive/voice-live-auth.js";

class CountingCredential implements TokenCredential {
  scopes: string[] = [];
  fail = false;
  constructor(
    private readonly now: () => number,
    private readonly lifetimeMs: number,
  ) {}
  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken | null> {
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    if (this.fail) throw new Error("identity endpoint unavailable");
    return { token: `token-${this.scopes.length}`, expiresOnTimestamp: this.now() + this.lifetimeMs };
  }
}

describe("Voice Live auth", () => {
  it("sends an API key as the api-key header", async () => {
    expect(await apiKeyAuth("k-123")()).toEqual({ "api-key": "k-123" });
  });

  it("asks for the ai.azure.com scope once, then reuses the token until 5 minutes before expiry", async () => {
    let nowMs = 1_000_000;
    const credential = new CountingCredential(() => nowMs, 60 * 60_000);
    const auth = tokenCredentialAuth(credential, () => nowMs);
    const [a, b] = await Promise.all([auth(), auth()]);
    expect(a).toEqual({ authorization: "Bearer token-1" });
    expect(b).toEqual(a);
    expect(credential.scopes).toEqual(["https://ai.azure.com/.default"]);
    nowMs += 54 * 60_000;
    expect(await auth()).toEqual({ authorization: "Bearer token-1" });
    nowMs += 2 * 60_000;
    expect(await auth()).toEqual({ authorization: "Bearer token-2" });
  });

  it("keeps using a still-valid token when the refresh fails, and fails once it has expired", async () => {
    let nowMs = 0;
    const credential = new CountingCredential(() => nowMs, 10 * 60_000);
    const auth = tokenCredentialAuth(credential, () => nowMs);
    await auth();
    credential.fail = true;
    nowMs += 7 * 60_000;
    expect(await auth()).toEqual({ authorization: "Bearer token-1" });
    nowMs += 4 * 60_000;
    await expect(auth()).rejects.toThrow();
  });
});
