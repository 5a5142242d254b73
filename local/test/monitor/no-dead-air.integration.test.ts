// The whole system (ACS, Voice Live, Web PubSub emulators, Azurite, the functions host and media worker
// replicas behind a round-robin balancer) when the media leg of a running call fails: the network between
// ACS and the worker drops the socket, or a worker replica goes away. Real ACS keeps the call up and
// reports MediaStreamingFailed; the functions app asks it to stream again, and the call goes on: with
// the same conversation when the same replica takes it back, on another replica otherwise. Nobody is
// hung up, and nobody is left in silence.
import { afterEach, describe, expect, it } from "vitest";
import type { EmulatedCall } from "../../src/acs/index.js";
import type { Scenario } from "../../src/voicelive/index.js";
import { type ControlPlaneSystem, startControlPlaneSystem } from "./system.js";

const SCENARIO = {
  greeting:
    "Hello, thanks for calling the city library. We are open every weekday from eight in the morning to six in the evening.",
  turns: [],
  fallbackReply: "Sorry?",
} as Scenario;

let system: ControlPlaneSystem | undefined;
afterEach(async () => {
  await system?.close();
  system = undefined;
});

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not in time`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** AudioData frames the worker sent on the call's n-th media leg. */
const framesHeard = (call: EmulatedCall, leg: number) =>
  call.mediaLegs[leg]?.leg.received.filter((m) => m.kind === "AudioData").length ?? 0;

const actions = (s: ControlPlaneSystem, call: EmulatedCall) =>
  s.acs.requests
    .filter(
      (r) => r.method === "POST" && r.path.startsWith(`/calling/callConnections/${call.callConnectionId}:`),
    )
    .map((r) => r.path.split(":").at(-1));

async function ring(s: ControlPlaneSystem): Promise<EmulatedCall> {
  await s.acs.ringIncomingCall({ webhookUrl: s.functions.incomingCallUrl });
  const call = await s.acs.waitForCall(undefined, 10_000);
  await until(() => (framesHeard(call, 0) > 25 ? true : undefined), "the greeting");
  return call;
}

describe("the media leg of a running call fails", () => {
  it("a network drop: ACS streams again, the same replica takes the call back, no second greeting", {
    timeout: 60_000,
  }, async () => {
    system = await startControlPlaneSystem(SCENARIO, 1);
    const s = system;
    const call = await ring(s);
    call.dropMedia();
    await until(() => (framesHeard(call, 1) > 10 ? true : undefined), "the greeting to go on on the new leg");
    expect(actions(s, call)).toEqual(["startMediaStreaming"]);
    expect(call.state).toBe("connected");
    expect(s.workers[0]?.activeCalls).toBe(1);
    // one Voice Live session, one greeting: the conversation went on where it was
    expect(s.voiceLive.sessions).toHaveLength(1);
    expect(s.voiceLive.received.filter((m) => m.type === "response.create")).toHaveLength(1);
    await call.hangUp();
    await until(() => (s.workers[0]?.activeCalls === 0 ? true : undefined), "the call to end");
  });

  it("a replica goes away: the call goes on on another replica, and is not hung up", {
    timeout: 60_000,
  }, async () => {
    system = await startControlPlaneSystem(SCENARIO, 2);
    const s = system;
    const call = await ring(s);
    const owner = await until(
      () => s.workers.find((w) => w.activeCalls === 1),
      "the replica that took the call",
    );
    await owner.close();
    await until(() => (framesHeard(call, 1) > 25 ? true : undefined), "the other replica to speak");
    const other = s.workers.find((w) => w !== owner);
    expect(other?.activeCalls).toBe(1);
    expect(call.state).toBe("connected");
    expect(actions(s, call)).toEqual(["startMediaStreaming"]);
    await call.hangUp();
  });

  it("nobody can take it back: the caller hears the apology and is hung up within seconds", {
    timeout: 60_000,
  }, async () => {
    system = await startControlPlaneSystem(SCENARIO, 1, { workerEnv: { MEDIA_RESUME_GRACE_SECONDS: "2" } });
    const s = system;
    const call = await ring(s);
    // ACS cannot reach the worker any more: the retry fails too (it dials a port nobody listens on).
    const worker = s.workers[0];
    if (!worker) throw new Error("no worker");
    worker.server.close();
    worker.server.closeAllConnections();
    call.dropMedia();
    const startedAt = Date.now();
    await Promise.race([call.ended, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    expect(call.endReason).toBeDefined();
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    // The functions app tried once more, then played the apology and hung up.
    expect(actions(s, call)).toEqual(expect.arrayContaining(["startMediaStreaming", "play", "terminate"]));
    expect(call.plays.map((p) => p.outcome)).toEqual(["completed"]);
    // and the worker that lost the call let go of it (no hang-up of its own needed: ACS says it is gone)
    await until(() => (worker.activeCalls === 0 ? true : undefined), "the worker to let go of the call");
  });
});
