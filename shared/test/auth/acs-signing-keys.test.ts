/**
 * Key outages fail soft: the verifier against a real JWKS server on 127.0.0.1 that goes down (stops
 * listening, answers 503, or answers something that is not a key set) and comes back. Time is a fake
 * clock; what is asserted is what a peer sees: which tokens the verifier accepted, how many requests the
 * key server received, and what the verifier reported for the log.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  ACS_ISSUER,
  type AcsTokenVerifier,
  createAcsTokenVerifier,
  type SigningKeysEvent,
} from "../../src/auth/index.js";

const audience = "6d889502-3d7a-41a8-befa-d21fd80e8767";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

type Mode = "up" | "503" | "html";

/** A JWKS endpoint that can fail in the ways a real one does, and counts what reached it. */
class KeyServer {
  requests = 0;
  mode: Mode = "up";
  private server: Server | undefined;
  private port = 0;

  constructor(private readonly keys: () => JWK[]) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/calling/keys`;
  }

  async start(): Promise<void> {
    const server = createServer((_request, response) => {
      this.requests += 1;
      if (this.mode === "503") response.writeHead(503).end("unavailable");
      else if (this.mode === "html")
        response.writeHead(200, { "content-type": "text/html" }).end("<html>sign in</html>");
      else
        response
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ keys: this.keys() }));
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Gone from the network: connections are refused until `start` listens on the same port again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

describe("ACS signing keys when the key endpoint fails", () => {
  let acsKey: KeyPair;
  let acsJwk: JWK;
  let server: KeyServer;
  let nowMs: number;
  let events: SigningKeysEvent[];

  beforeAll(async () => {
    acsKey = await generateKeyPair("RS256");
    acsJwk = { ...(await exportJWK(acsKey.publicKey)), kid: "k1", use: "sig" };
  });

  afterEach(async () => {
    await server.stop();
  });

  async function setUp(options: { primed?: boolean } = {}): Promise<AcsTokenVerifier> {
    server = new KeyServer(() => [acsJwk]);
    await server.start();
    nowMs = Date.UTC(2026, 2, 1, 9, 0, 0);
    events = [];
    const verify = createAcsTokenVerifier({
      audience,
      jwksUrl: server.url,
      now: () => new Date(nowMs),
      onKeysEvent: (event) => events.push(event),
    });
    if (options.primed ?? true) {
      expect(await verify(await bearer())).toEqual(expect.objectContaining({ ok: true }));
      expect(server.requests).toBe(1);
    }
    return verify;
  }

  /** A token ACS would send now (on the fake clock), signed with its key. */
  async function bearer(kid = "k1"): Promise<string> {
    const nowSec = Math.floor(nowMs / 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: "RS256", kid })
      .setIssuer(ACS_ISSUER)
      .setAudience(audience)
      .setIssuedAt(nowSec)
      .setExpirationTime(nowSec + 300)
      .sign(acsKey.privateKey);
    return `Bearer ${token}`;
  }

  const outcomes = async (verify: AcsTokenVerifier, count: number) => {
    const header = await bearer();
    const checks = await Promise.all(Array.from({ length: count }, () => verify(header)));
    return checks.map((check) => (check.ok ? "accepted" : check.reason));
  };

  it("keeps accepting with the last good keys while the endpoint is down, up to 12 h old, then recovers", async () => {
    const verify = await setUp();
    await server.stop();

    nowMs += 11 * MINUTE; // the cache expired: a refresh is due, and fails
    expect(await outcomes(verify, 1)).toEqual(["accepted"]);
    expect(events).toEqual([
      {
        kind: "refresh-failed",
        failure: "unreachable",
        attempts: 1,
        retryInMs: 2_000,
        serving: "stale",
        keysAgeMs: 11 * MINUTE,
      },
    ]);

    nowMs += 11 * HOUR; // still within the bound
    expect(await outcomes(verify, 1)).toEqual(["accepted"]);
    expect(events.at(-1)).toMatchObject({ kind: "refresh-failed", attempts: 2, serving: "stale" });

    nowMs += HOUR; // the last good keys are now over 12 h old: nothing is verifiable
    expect(await outcomes(verify, 1)).toEqual(["keys-unavailable"]);
    expect(events.at(-1)).toMatchObject({ kind: "refresh-failed", attempts: 3, serving: "none" });
    expect(events.at(-1)).not.toHaveProperty("keysAgeMs");

    await server.start(); // the endpoint is back, on the same address
    nowMs += MINUTE; // past the backoff
    expect(await outcomes(verify, 1)).toEqual(["accepted"]);
    expect(events.at(-1)).toMatchObject({ kind: "recovered", attempts: 3 });
    expect(server.requests).toBe(2); // the stopped server saw none of the failed attempts
  });

  it("makes one request per backoff step however many calls arrive during an outage (no refetch storm)", async () => {
    const verify = await setUp();
    server.mode = "503";
    nowMs += 11 * MINUTE;

    expect(await outcomes(verify, 50)).toEqual(Array(50).fill("accepted"));
    expect(server.requests).toBe(2); // the 50 verifications shared one refresh
    expect(await outcomes(verify, 50)).toEqual(Array(50).fill("accepted"));
    expect(server.requests).toBe(2); // inside the backoff: no request at all

    const requestsAfter = async (stepMs: number) => {
      nowMs += stepMs;
      const before = server.requests;
      await outcomes(verify, 20);
      return server.requests - before;
    };
    // Retries wait 2, 4, 8 … s: a call 2 s later retries, one 2 s after that does not, one 4 s later does.
    expect(await requestsAfter(2_000)).toBe(1);
    expect(await requestsAfter(2_000)).toBe(0);
    expect(await requestsAfter(2_000)).toBe(1);
    expect(events.filter((e) => e.kind === "refresh-failed").map((e) => e.retryInMs)).toEqual([
      2_000, 4_000, 8_000,
    ]);
    expect(events.at(-1)).toMatchObject({ failure: "http-status", status: 503, serving: "stale" });

    // The backoff is capped: after many failures the endpoint is still tried once a minute.
    for (let step = 0; step < 10; step++) await requestsAfter(HOUR / 60);
    const last = events.at(-1);
    expect(last?.kind === "refresh-failed" && last.retryInMs).toBe(60_000);
  });

  it("refuses, without hammering the endpoint, when it is down from the start", async () => {
    const verify = await setUp({ primed: false });
    server.mode = "503";
    expect(await outcomes(verify, 20)).toEqual(Array(20).fill("keys-unavailable"));
    expect(server.requests).toBe(1);
    expect(await outcomes(verify, 20)).toEqual(Array(20).fill("keys-unavailable"));
    expect(server.requests).toBe(1);

    server.mode = "up";
    nowMs += 2_000;
    expect(await outcomes(verify, 5)).toEqual(Array(5).fill("accepted"));
    expect(server.requests).toBe(2);
    expect(events.map((e) => e.kind)).toEqual(["refresh-failed", "recovered"]);
  });

  it("keeps the last good keys when the endpoint answers something that is not a key set", async () => {
    const verify = await setUp();
    server.mode = "html";
    nowMs += 11 * MINUTE;
    expect(await outcomes(verify, 3)).toEqual(Array(3).fill("accepted"));
    expect(events).toMatchObject([{ kind: "refresh-failed", failure: "not-a-key-set", serving: "stale" }]);
  });

  it("lets tokens with unknown key ids cause one refetch per cooldown, not one each", async () => {
    const verify = await setUp();
    nowMs += 30_000; // the rotation cooldown since the first fetch has passed
    const forged = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => verify(await bearer(`forged-${i}`))),
    );
    expect(forged.every((check) => !check.ok && check.reason === "invalid")).toBe(true);
    expect(server.requests).toBe(2);
    expect(await outcomes(verify, 1)).toEqual(["accepted"]);
  });
});
