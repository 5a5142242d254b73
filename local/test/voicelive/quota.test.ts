// The resource quotas the emulator can be told to enforce (Voice Live S0: 30 new connections and
// 120,000 tokens a minute per resource), observed with raw `ws` clients: what a client sees when it
// opens one connection too many, and when it asks for a response with the tokens of the minute spent.

import { afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { prepareSpeechSynthesis } from "../../src/tts/index.js";
import { startVoiceLiveEmulator, type VoiceLiveEmulator } from "../../src/voicelive/index.js";
import { RawClient } from "./helpers.js";

let emulator: VoiceLiveEmulator | undefined;
const clients: RawClient[] = [];

beforeAll(async () => {
  await prepareSpeechSynthesis();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await emulator?.close();
  emulator = undefined;
});

let nowMs = 1_000_000;
const clock = { now: () => nowMs };

async function start(quota: Parameters<typeof startVoiceLiveEmulator>[0]): Promise<VoiceLiveEmulator> {
  emulator = await startVoiceLiveEmulator({
    scenario: { greeting: "Hello there.", turns: [] },
    audioSpeed: 50,
    responseLatencyMs: 0,
    clock,
    ...quota,
  });
  return emulator;
}

async function connect(e: VoiceLiveEmulator): Promise<RawClient> {
  const client = await RawClient.connect(`${e.realtimeUrl}?api-version=2026-04-10&model=gpt-realtime`, {
    "api-key": e.apiKey,
  });
  clients.push(client);
  await client.waitFor("session.created");
  return client;
}

/** The upgrade's status and Retry-After, as a client sees a refusal. */
function refusal(
  e: VoiceLiveEmulator,
): Promise<{ status: number; retryAfter: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${e.realtimeUrl}?api-version=2026-04-10`, {
      headers: { "api-key": e.apiKey },
    });
    socket.on("open", () => {
      socket.terminate();
      reject(new Error("the upgrade was accepted"));
    });
    socket.on("unexpected-response", (_request, response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          retryAfter: response.headers["retry-after"],
          body,
        }),
      );
    });
    socket.on("error", () => undefined);
  });
}

describe("connections per minute", () => {
  it("refuses the connection above the rate with 429 and a Retry-After until the window has room", async () => {
    const e = await start({ quota: { connectionsPerMinute: 2 } });
    await connect(e);
    nowMs += 20_000;
    await connect(e);
    const refused = await refusal(e);
    expect(refused.status).toBe(429);
    // The first connection leaves the minute's window in 40 s.
    expect(refused.retryAfter).toBe("40");
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: "429" } });
    expect(e.rejectedUpgrades.map((r) => r.status)).toEqual([429]);
    expect(e.sessions).toHaveLength(2);
    nowMs += 40_000;
    await connect(e);
    expect(e.sessions).toHaveLength(3);
  });

  it("an unlimited resource never refuses; a limit set later applies from then on", async () => {
    const e = await start({});
    for (let i = 0; i < 5; i++) await connect(e);
    expect(e.rejectedUpgrades).toEqual([]);
    e.setQuota({ connectionsPerMinute: 1 });
    await connect(e);
    expect((await refusal(e)).status).toBe(429);
    expect(e.sessions).toHaveLength(6);
  });
});

describe("tokens per minute", () => {
  it("fails a response asked for while the minute's tokens are spent, then serves again", async () => {
    const e = await start({ quota: { tokensPerMinute: 1 } });
    const client = await connect(e);
    client.send({ type: "response.create" });
    const first = await client.waitFor("response.done");
    expect(first.response).toMatchObject({ status: "completed" });

    client.send({ type: "response.create", event_id: "evt_2" });
    const second = await client.waitFor("response.done", (event) => event !== first);
    expect(second.response).toMatchObject({
      status: "failed",
      output: [],
      usage: null,
      status_details: { type: "failed", error: { type: "tokens", code: "rate_limit_exceeded" } },
    });
    // The failure is a whole response: created, then done, nothing spoken.
    expect(client.ofType("response.created")).toHaveLength(2);
    const failedId = (second.response as { id: string }).id;
    expect(client.ofType("response.audio.delta").filter((d) => d.response_id === failedId)).toEqual([]);

    nowMs += 60_000;
    client.send({ type: "response.create" });
    const third = await client.waitFor("response.done", () => client.ofType("response.done").length === 3);
    expect(third.response).toMatchObject({ status: "completed" });
  });
});
