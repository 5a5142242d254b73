import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  base64url,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  generateSecret,
  type JWK,
  type JWTVerifyGetKey,
  SignJWT,
} from "jose";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ACS_ISSUER, createAcsTokenVerifier } from "../../src/auth/index.js";

const audience = "6d889502-3d7a-41a8-befa-d21fd80e8767";
type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

async function publicJwk(pair: KeyPair, kid: string): Promise<JWK> {
  return { ...(await exportJWK(pair.publicKey)), kid, alg: "RS256", use: "sig" };
}

function sign(
  pair: KeyPair,
  kid: string,
  claims: { aud?: string; iss?: string; expiresIn?: string | number } = {},
): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "RS256", kid })
    .setIssuer(claims.iss ?? ACS_ISSUER)
    .setAudience(claims.aud ?? audience)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? "5m")
    .sign(pair.privateKey);
}

describe("createAcsTokenVerifier", () => {
  let acsKey: KeyPair;
  let otherKey: KeyPair;
  let keySet: JWTVerifyGetKey;

  beforeAll(async () => {
    acsKey = await generateKeyPair("RS256");
    otherKey = await generateKeyPair("RS256");
    keySet = createLocalJWKSet({ keys: [await publicJwk(acsKey, "k1")] });
  });

  it("accepts a valid RS256 token and returns its claims", async () => {
    const verify = createAcsTokenVerifier({ audience, keySet });
    const result = await verify(`Bearer ${await sign(acsKey, "k1")}`);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.claims.aud).toBe(audience);
  });

  it.each([
    ["missing", undefined],
    ["missing", ""],
    ["malformed", "Basic dXNlcjpwYXNz"],
    ["malformed", "Bearer not-a-jwt"],
    ["malformed", "Bearer a.b.c"],
    ["malformed", `Bearer ${"a".repeat(20_000)}.b.c`],
  ] as const)("refuses a %s header (%#)", async (reason, header) => {
    const verify = createAcsTokenVerifier({ audience, keySet });
    expect(await verify(header)).toEqual({ ok: false, reason });
  });

  it("refuses a token signed by another key with the same kid (forged)", async () => {
    const verify = createAcsTokenVerifier({ audience, keySet });
    expect(await verify(`Bearer ${await sign(otherKey, "k1")}`)).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses an expired token", async () => {
    const verify = createAcsTokenVerifier({ audience, keySet });
    const token = await sign(acsKey, "k1", { expiresIn: Math.floor(Date.now() / 1000) - 120 });
    expect(await verify(`Bearer ${token}`)).toEqual({ ok: false, reason: "expired" });
  });

  it("uses the injected clock", async () => {
    const token = await sign(acsKey, "k1", { expiresIn: "5m" });
    const later = createAcsTokenVerifier({ audience, keySet, now: () => new Date(Date.now() + 3_600_000) });
    expect(await later(`Bearer ${token}`)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses another resource's audience and another issuer", async () => {
    const verify = createAcsTokenVerifier({ audience, keySet });
    const wrongAudience = await sign(acsKey, "k1", { aud: "someone-else" });
    const wrongIssuer = await sign(acsKey, "k1", { iss: "https://evil.example.com" });
    expect(await verify(`Bearer ${wrongAudience}`)).toEqual({ ok: false, reason: "wrong-audience" });
    expect(await verify(`Bearer ${wrongIssuer}`)).toEqual({ ok: false, reason: "wrong-issuer" });
  });

  it("refuses alg:none and HS256 tokens", async () => {
    const verify = createAcsTokenVerifier({ audience, keySet });
    const encode = (value: object) => base64url.encode(JSON.stringify(value));
    const exp = Math.floor(Date.now() / 1000) + 300;
    const none = `${encode({ alg: "none", typ: "JWT" })}.${encode({ iss: ACS_ISSUER, aud: audience, exp })}.`;
    const hs256 = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256", kid: "k1" })
      .setIssuer(ACS_ISSUER)
      .setAudience(audience)
      .setExpirationTime("5m")
      .sign(await generateSecret("HS256"));
    expect(await verify(`Bearer ${none}`)).toEqual({ ok: false, reason: "unsupported-alg" });
    expect(await verify(`Bearer ${hs256}`)).toEqual({ ok: false, reason: "unsupported-alg" });
  });

  describe("with a remote JWKS", () => {
    let server: Server | undefined;
    afterEach(async () => {
      await new Promise((resolve) => server?.close(resolve));
      server = undefined;
    });

    it("caches the key set and refetches it when an unknown kid appears (rotation)", async () => {
      let keys = [await publicJwk(acsKey, "k1")];
      let fetches = 0;
      server = createServer((_request, response) => {
        fetches += 1;
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys }));
      });
      await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as AddressInfo;
      const verify = createAcsTokenVerifier({
        audience,
        jwksUrl: `http://127.0.0.1:${port}/calling/keys`,
        jwksCooldownMs: 0,
      });

      expect((await verify(`Bearer ${await sign(acsKey, "k1")}`)).ok).toBe(true);
      expect((await verify(`Bearer ${await sign(acsKey, "k1")}`)).ok).toBe(true);
      expect(fetches).toBe(1);

      keys = [await publicJwk(otherKey, "k2")];
      expect((await verify(`Bearer ${await sign(otherKey, "k2")}`)).ok).toBe(true);
      expect(fetches).toBe(2);
    });
  });
});
