/**
 * The /media upgrade, over real sockets on 127.0.0.1: only a valid ACS token (RS256, issuer, audience,
 * unexpired, key from the JWKS) opens a call, and only then is a Voice Live connection made. Other paths,
 * a full worker and a draining worker are refused with their HTTP statuses; health endpoints answer.
 */
import { type AcsEmulator, startAcsEmulator } from "@acs-voice/local";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  dial,
  type RunningWorker,
  startConnectionCounter,
  startWorker,
  testConfig,
  waitFor,
} from "./worker-harness.js";

let acs: AcsEmulator;
let voiceLive: Awaited<ReturnType<typeof startConnectionCounter>>;
let worker: RunningWorker;

beforeAll(async () => {
  acs = await startAcsEmulator();
  voiceLive = await startConnectionCounter();
  worker = await startWorker({ config: testConfig(acs, voiceLive.url, { MAX_CONCURRENT_CALLS: "2" }) });
});

afterAll(async () => {
  await worker?.close();
  await voiceLive?.close();
  await acs?.close();
});

// Each dial is a call of its own: ACS reconnecting an existing call's media reuses its ids.
let calls = 0;
const headers = (authorization?: string) => {
  calls += 1;
  return {
    ...(authorization ? { authorization } : {}),
    "x-ms-call-connection-id": `conn-auth-test-${calls}`,
    "x-ms-call-correlation-id": `corr-auth-test-${calls}`,
  };
};

describe("media upgrade authentication", () => {
  it.each(["expired", "forged", "wrong-audience", "wrong-issuer", "alg-none", "hs256"] as const)(
    "refuses a %s token with 401 and opens no Voice Live connection",
    async (kind) => {
      const token = await acs.mintToken(kind);
      const result = await dial(worker.mediaUrl, headers(`Bearer ${token}`));
      expect(result.status).toBe(401);
      expect(voiceLive.connections).toBe(0);
      expect(worker.media.activeCalls).toBe(0);
    },
  );

  it.each([
    ["no Authorization header", undefined],
    ["a non-Bearer scheme", "Basic dXNlcjpwYXNz"],
    ["a token that is not a JWT", "Bearer not-a-jwt"],
    ["a valid token's signature cut off", "CUT"],
  ])("refuses %s with 401", async (_name, authorization) => {
    let value = authorization;
    if (value === "CUT") {
      const token = await acs.mintToken("valid");
      value = `Bearer ${token.slice(0, token.lastIndexOf(".") + 1)}`;
    }
    const result = await dial(worker.mediaUrl, headers(value));
    expect(result.status).toBe(401);
    expect(voiceLive.connections).toBe(0);
  });

  it("accepts a valid token and connects to Voice Live at once, before any audio", async () => {
    const token = await acs.mintToken("valid");
    const result = await dial(worker.mediaUrl, headers(`Bearer ${token}`));
    expect(result.status).toBe(101);
    await waitFor(() => voiceLive.connections === 1, 5_000, "the Voice Live connection");
    expect(worker.media.calls()[0]?.ids.callConnectionId).toBe(`conn-auth-test-${calls}`);
    result.socket?.close();
    await waitFor(() => worker.media.activeCalls === 0, 5_000, "the call to end");
  });
});

describe("media upgrade routing and limits", () => {
  it("refuses other paths with 404", async () => {
    const token = await acs.mintToken("valid");
    const result = await dial(worker.mediaUrl.replace("/media", "/other"), headers(`Bearer ${token}`));
    expect(result.status).toBe(404);
  });

  it("refuses calls beyond the concurrency cap with 503, and reports itself full", async () => {
    const token = await acs.mintToken("valid");
    const first = await dial(worker.mediaUrl, headers(`Bearer ${token}`));
    const second = await dial(worker.mediaUrl, headers(`Bearer ${token}`));
    const third = await dial(worker.mediaUrl, headers(`Bearer ${token}`));
    expect([first.status, second.status, third.status]).toEqual([101, 101, 503]);
    expect((await fetch(`${worker.httpUrl}/readyz`)).status).toBe(503);
    first.socket?.close();
    second.socket?.close();
    await waitFor(() => worker.media.activeCalls === 0, 5_000, "the calls to end");
    expect((await fetch(`${worker.httpUrl}/readyz`)).status).toBe(200);
  });

  it("answers /healthz and 404 for unknown routes", async () => {
    const health = await fetch(`${worker.httpUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect((await fetch(`${worker.httpUrl}/nope`)).status).toBe(404);
  });
});

describe("draining", () => {
  it("answers /readyz 503, refuses new calls, and lets a running call finish", async () => {
    const counter = await startConnectionCounter();
    const draining = await startWorker({ config: testConfig(acs, counter.url) });
    try {
      const token = await acs.mintToken("valid");
      const running = await dial(draining.mediaUrl, headers(`Bearer ${token}`));
      expect(running.status).toBe(101);
      const drained = draining.media.drain(60_000);
      let drainedYet = false;
      void drained.then(() => {
        drainedYet = true;
      });
      expect((await fetch(`${draining.httpUrl}/readyz`)).status).toBe(503);
      expect((await dial(draining.mediaUrl, headers(`Bearer ${token}`))).status).toBe(503);
      expect(draining.media.activeCalls).toBe(1);
      expect(drainedYet).toBe(false);
      running.socket?.close();
      await drained;
      expect(draining.ended.map((e) => e.reason)).toEqual(["caller-hung-up"]);
    } finally {
      await draining.close();
      await counter.close();
    }
  });

  it("hangs up calls still running when the grace period is over", async () => {
    const counter = await startConnectionCounter();
    const draining = await startWorker({ config: testConfig(acs, counter.url) });
    try {
      const token = await acs.mintToken("valid");
      const running = await dial(draining.mediaUrl, headers(`Bearer ${token}`));
      const closed = new Promise<number>((resolve) => running.socket?.once("close", (code) => resolve(code)));
      await draining.media.drain(200);
      expect(await closed).toBe(1000);
      expect(draining.ended.map((e) => e.reason)).toEqual(["shutdown"]);
    } finally {
      await draining.close();
      await counter.close();
    }
  });
});

describe("log hygiene", () => {
  it("logs call ids and refusal reasons, never a token or key", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "trace" }, { write: (line: string) => lines.push(line) });
    const counter = await startConnectionCounter();
    const logged = await startWorker({ config: testConfig(acs, counter.url), logger });
    try {
      const forged = await acs.mintToken("forged");
      expect((await dial(logged.mediaUrl, headers(`Bearer ${forged}`))).status).toBe(401);
      const valid = await acs.mintToken("valid");
      const call = await dial(logged.mediaUrl, headers(`Bearer ${valid}`));
      await waitFor(() => counter.connections === 1, 5_000, "the Voice Live connection");
      call.socket?.close();
      await waitFor(() => logged.ended.length === 1, 5_000, "the call to end");
      const text = lines.join("");
      expect(text).toContain('"reason":"token-invalid"');
      expect(text).toContain(`"callConnectionId":"conn-auth-test-${calls}"`);
      expect(text).toContain('"msg":"call ended"');
      for (const secret of [
        forged,
        valid,
        ...forged.split("."),
        ...valid.split("."),
        "local-dev-key",
        "Bearer",
      ]) {
        expect(text).not.toContain(secret);
      }
    } finally {
      await logged.close();
      await counter.close();
    }
  });
});
