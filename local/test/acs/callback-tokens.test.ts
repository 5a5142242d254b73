// The callback JWTs and the JWKS as an independent verifier (jose) sees them: valid tokens verify against
// the published keys with ACS's issuer and the resource id as audience; every bad kind is rejected; a
// key rotation makes a caching verifier fetch the JWKS again.
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AcsEmulator, startAcsEmulator, type TokenKind } from "../../src/acs/index.js";
import { startTestWebhook, type TestWebhook } from "./helpers/test-webhook.js";

let emulator: AcsEmulator;
let app: TestWebhook;

beforeAll(async () => {
  emulator = await startAcsEmulator({ startMediaClient: false });
  app = await startTestWebhook();
});
afterAll(async () => {
  await emulator.close();
  await app.close();
});

function verify(token: string, keys = createRemoteJWKSet(new URL(emulator.jwksUrl))) {
  return jwtVerify(token, keys, {
    issuer: "https://acscallautomation.communication.azure.com",
    audience: emulator.resourceId,
    algorithms: ["RS256"],
  });
}

describe("callback tokens", () => {
  it("publishes an OpenID configuration pointing at the JWKS", async () => {
    const config = (await (await fetch(emulator.openIdConfigurationUrl)).json()) as Record<string, unknown>;
    expect(config).toMatchObject({ issuer: emulator.issuer, jwks_uri: emulator.jwksUrl });
    const jwks = (await (await fetch(emulator.jwksUrl)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", kid: emulator.signingKeyId, alg: "RS256", use: "sig" });
    expect(jwks.keys[0]).not.toHaveProperty("d"); // public half only
  });

  it("mints a valid token: RS256, kid, ACS issuer, resource-id audience, five minutes", async () => {
    const token = await emulator.mintToken("valid");
    const { payload, protectedHeader } = await verify(token);
    expect(protectedHeader).toMatchObject({ alg: "RS256", kid: emulator.signingKeyId });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(300);
  });

  const rejected: Array<[TokenKind, RegExp]> = [
    ["expired", /exp/],
    ["forged", /signature/i],
    ["wrong-audience", /aud/],
    ["wrong-issuer", /iss/],
    ["alg-none", /alg|Unsupported|JWS/i],
    ["hs256", /alg|Unsupported|key/i],
  ];
  for (const [kind, reason] of rejected) {
    it(`mints a ${kind} token that a correct verifier rejects`, async () => {
      const token = await emulator.mintToken(kind);
      await expect(verify(token)).rejects.toThrow(reason);
    });
  }

  it("a forged token carries the genuine kid, so only the signature gives it away", async () => {
    const forged = await emulator.mintToken("forged");
    expect(decodeProtectedHeader(forged).kid).toBe(emulator.signingKeyId);
  });

  it("puts a verifiable token on every callback, and sends a bad one on request", async () => {
    const ring = await emulator.ringIncomingCall({ webhookUrl: `${app.url}/api/incomingCall` });
    const answer = await fetchAnswer(ring.incomingCallContext);
    const call = await emulator.waitForCall((c) => c.callConnectionId === answer.callConnectionId);
    const connected = await call.waitForCallback("CallConnected");
    const [request] = await app.waitFor((r) => r.path === "/api/callbacks");
    const token = String(request?.headers.authorization).replace(/^Bearer /, "");
    await expect(verify(token)).resolves.toBeDefined();
    expect(connected.tokenKind).toBe("valid");

    const sent = await call.sendCallback({ type: "CallConnected" }, { token: "forged" });
    expect(sent.status).toBe(200);
    // sendCallback resolves once the app answered, so the forged request is the last one received.
    const forgedRequest = app.received.filter((r) => r.path === "/api/callbacks").at(-1);
    const forgedToken = String(forgedRequest?.headers.authorization).replace(/^Bearer /, "");
    await expect(verify(forgedToken)).rejects.toThrow(/signature/i);
  });

  it("rotates the signing key: a caching verifier refetches the JWKS for the new kid", async () => {
    const keys = createRemoteJWKSet(new URL(emulator.jwksUrl), { cooldownDuration: 0 });
    await verify(await emulator.mintToken("valid"), keys);
    const fetchesBefore = emulator.requests.filter((r) => r.path === "/calling/keys").length;
    const oldKid = emulator.signingKeyId;
    const newKid = await emulator.rotateSigningKey();
    expect(newKid).not.toBe(oldKid);
    const { protectedHeader } = await verify(await emulator.mintToken("valid"), keys);
    expect(protectedHeader.kid).toBe(newKid);
    expect(emulator.requests.filter((r) => r.path === "/calling/keys").length).toBe(fetchesBefore + 1);
  });
});

async function fetchAnswer(incomingCallContext: string): Promise<{ callConnectionId: string }> {
  const { CallAutomationClient } = await import("@azure/communication-call-automation");
  const client = new CallAutomationClient(emulator.connectionString, { allowInsecureConnection: true });
  const result = await client.answerCall(incomingCallContext, `${app.url}/api/callbacks`);
  return { callConnectionId: result.callConnectionProperties.callConnectionId ?? "" };
}
