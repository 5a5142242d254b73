// Fault injection as a client experiences it: drops (abrupt 1006 and 1011), mid-response drops,
// error events, a late first audio delta, session expiry, slow deltas, and plans changed at run time.

import { type ServerEventError, type ServerEventUnion, VoiceLiveClient } from "@azure/ai-voicelive";
import { AzureKeyCredential } from "@azure/core-auth";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { prepareSpeechSynthesis, synthesizeSpeech } from "../../src/tts/index.js";
import {
  type FaultPlan,
  type Scenario,
  startVoiceLiveEmulator,
  type VoiceLiveEmulator,
} from "../../src/voicelive/index.js";
import { eventually, RawClient } from "./helpers.js";

const scenario: Scenario = {
  greeting: "Hello and welcome, this is a fairly long greeting for the test.",
  turns: [],
};

let emulator: VoiceLiveEmulator | undefined;
let client: RawClient | undefined;
beforeAll(async () => {
  await prepareSpeechSynthesis();
});
afterEach(async () => {
  client?.close();
  await emulator?.close();
  emulator = undefined;
});

async function open(faults: FaultPlan, audioSpeed = 20): Promise<RawClient> {
  emulator = await startVoiceLiveEmulator({ scenario, faults, audioSpeed, responseLatencyMs: 0 });
  client = await RawClient.connect(emulator.realtimeUrl, { "api-key": emulator.apiKey });
  await client.waitFor("session.created");
  return client;
}

describe("fault injection", () => {
  it("closes abruptly (1006, no close frame) after N ms", async () => {
    const c = await open({ closeAfterMs: 100 });
    expect(await c.waitForClose()).toBe(1006);
  });

  it("closes with 1011 after N ms", async () => {
    const c = await open({ closeAfterMs: 100, closeCode: 1011 });
    expect(await c.waitForClose()).toBe(1011);
    await eventually(() => emulator?.sessions[0]?.closed === true);
    expect(emulator?.sessions[0]?.closeCode).toBe(1011);
  });

  it("drops the connection in the middle of a response", async () => {
    const c = await open({ closeMidResponse: { afterAudioDeltas: 3 } });
    c.send({ type: "response.create" });
    expect(await c.waitForClose()).toBe(1006);
    expect(c.ofType("response.audio.delta")).toHaveLength(3);
    expect(c.ofType("response.done")).toEqual([]);
  });

  it("sends an error event after N ms and at the start of a chosen response; the session stays usable", async () => {
    const c = await open({
      errorEvent: { afterMs: 50, code: "rate_limit_exceeded", message: "Too many requests" },
    });
    const error = await c.waitFor("error");
    expect(error.error).toMatchObject({
      type: "server_error",
      code: "rate_limit_exceeded",
      message: "Too many requests",
    });
    emulator?.setFaults({ errorEvent: { atResponse: 1 } });
    c.send({ type: "response.create" });
    await c.waitFor("response.done");
    const types = c.events.map((e) => e.type);
    expect(types.indexOf("error", types.indexOf("response.created"))).toBe(
      types.indexOf("response.created") + 1,
    );
    expect(c.closeCode).toBeUndefined();
  });

  it("delays the first audio delta", async () => {
    const c = await open({ firstAudioDelayMs: 400 }, 50);
    c.send({ type: "response.create" });
    await c.waitFor("response.done");
    const sent = emulator?.sessions[0]?.sent ?? [];
    const created = sent.find((e) => e.type === "response.created")?.sentAtMs ?? 0;
    const firstAudio = sent.find((e) => e.type === "response.audio.delta")?.sentAtMs ?? 0;
    expect(firstAudio - created).toBeGreaterThanOrEqual(400);
  });

  it("expires the session: error session_expired, then close 1001; expires_at tells in advance", async () => {
    const before = Date.now();
    const c = await open({ sessionExpiresAfterMs: 300 });
    const created = c.events[0]?.session as { expires_at: number };
    expect(created.expires_at).toBeLessThanOrEqual(Math.ceil((before + 2_000) / 1000));
    const error = await c.waitFor("error");
    expect(error.error).toMatchObject({ type: "invalid_request_error", code: "session_expired" });
    expect(await c.waitForClose()).toBe(1001);
  });

  it("slow deltas: audio produced slower than real time", async () => {
    const c = await open({ deltaSpeed: 0.5 }, 50);
    c.send({ type: "session.update", session: { output_audio_format: "pcm16_8000hz" } });
    await c.waitFor("session.updated");
    emulator?.setScenario({ greeting: "Hi.", turns: [] });
    c.send({
      type: "response.create",
      response: {
        pre_generated_assistant_message: {
          type: "message",
          role: "assistant",
          content: [{ type: "text", text: "Hi there." }],
        },
      },
    });
    await c.waitFor("response.done");
    const sent = emulator?.sessions[0]?.sent ?? [];
    const deltas = sent.filter((e) => e.type === "response.audio.delta");
    const audioMs = (synthesizeSpeech("Hi there.", 8000).length / 8000) * 1000;
    const spanMs = (deltas.at(-1)?.sentAtMs ?? 0) - (deltas[0]?.sentAtMs ?? 0);
    // n deltas of 100 ms at half speed are spread over (n - 1) * 200 ms.
    expect(spanMs).toBeGreaterThanOrEqual((deltas.length - 1) * 200 - 20);
    expect(deltas.length).toBe(Math.ceil(audioMs / 100));
  });

  it("applies a plan set at run time to an open session", async () => {
    const c = await open({});
    emulator?.setFaults({ closeAfterMs: 50, closeCode: 1011 });
    expect(await c.waitForClose()).toBe(1011);
  });

  it("the official SDK sees the expiry error, then the session dies", async () => {
    emulator = await startVoiceLiveEmulator({ scenario, faults: { sessionExpiresAfterMs: 300 } });
    const session = new VoiceLiveClient(emulator.url, new AzureKeyCredential(emulator.apiKey)).createSession(
      "gpt-realtime",
    );
    const events: ServerEventUnion[] = [];
    const disconnected = new Promise<void>((resolve) => {
      session.subscribe({
        onServerEvent: async (event) => {
          events.push(event);
        },
        onDisconnected: async () => resolve(),
      });
    });
    await session.connect();
    await disconnected;
    const error = events.find((e) => e.type === "error") as ServerEventError | undefined;
    expect(error?.error.code).toBe("session_expired");
    expect(session.isConnected).toBe(false);
  });
});
