// Two worker replicas, two calls, one Web PubSub hub (the emulator, driven by the real SDKs on both
// sides): each call's callback events and supervisor actions reach only the replica that owns it, the
// owner's acknowledgement reaches the functions' dispatcher, and both replicas' activity reaches the
// monitor group.
import { createActionDispatcher, WebPubSubCallEventSink } from "@acs-voice/functions/app";
import { startWebPubSubEmulator, type WebPubSubEmulator } from "@acs-voice/local";
import type { CallAutomationEvent, CallAutomationEvent as CallEvent, MonitorEvent } from "@acs-voice/shared";
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import { type OnGroupDataMessageArgs, WebPubSubClient } from "@azure/web-pubsub-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ActionError, type ControlledCall } from "../../src/control-plane/controlled-call.js";
import { WorkerControlPlane } from "../../src/control-plane/worker-control-plane.js";
import { silentLogger } from "../../src/logger.js";

const HUB = "calls";

class RecordingCall implements ControlledCall {
  readonly events: CallAutomationEvent[] = [];
  readonly actions: string[] = [];
  constructor(
    readonly callConnectionId: string,
    private readonly failWhisper = false,
  ) {}
  async hangUp() {
    this.actions.push("hangUp");
  }
  async transfer(target: string | undefined) {
    this.actions.push(`transfer:${target ?? "default"}`);
  }
  async whisper(text: string) {
    if (this.failWhisper) throw new ActionError("call-ended", "the call cannot take instructions now");
    this.actions.push(`whisper:${text}`);
  }
  onCallAutomationEvent(event: CallAutomationEvent) {
    this.events.push(event);
  }
}

let emulator: WebPubSubEmulator;
let service: WebPubSubServiceClient;
const planes: WorkerControlPlane[] = [];
const clients: WebPubSubClient[] = [];

beforeEach(async () => {
  emulator = await startWebPubSubEmulator();
  service = new WebPubSubServiceClient(emulator.connectionString, HUB, { allowInsecureConnection: true });
});

afterEach(async () => {
  for (const plane of planes.splice(0)) await plane.close();
  for (const client of clients.splice(0)) client.stop();
  await emulator.close();
});

function worker(workerId: string): WorkerControlPlane {
  const plane = new WorkerControlPlane({
    service,
    workerId,
    logger: silentLogger(),
    snapshotIntervalMs: 60_000,
  });
  planes.push(plane);
  return plane;
}

function callEvent(callConnectionId: string, type: string): CallEvent {
  return {
    id: `${type}-${callConnectionId}`,
    type,
    callConnectionId,
    correlationId: "corr",
    serverCallId: undefined,
    time: undefined,
    resultCode: 200,
    resultSubCode: 0,
    data: { callConnectionId, resultInformation: { code: 200, subCode: 0 } },
  };
}

async function until<T>(probe: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function monitorListener(): Promise<MonitorEvent[]> {
  const token = await service.getClientAccessToken({ userId: "page", groups: ["monitor"] });
  const client = new WebPubSubClient(token.url);
  clients.push(client);
  const received: MonitorEvent[] = [];
  client.on("group-message", (e: OnGroupDataMessageArgs) => {
    if (e.message.group === "monitor") received.push(e.message.data as MonitorEvent);
  });
  await client.start();
  return received;
}

describe("control plane routing across worker replicas", () => {
  it("delivers each call's callback events to the replica that owns it, and to no other", async () => {
    const callA = new RecordingCall("call-a");
    const callB = new RecordingCall("call-b");
    await worker("replica-1").attach(callA);
    await worker("replica-2").attach(callB);

    const sink = new WebPubSubCallEventSink(service);
    await sink.publish(callEvent("call-a", "CallConnected"));
    await sink.publish(callEvent("call-b", "CallConnected"));
    await sink.publish(callEvent("call-b", "CallTransferAccepted"));
    await sink.publish(callEvent("call-a", "CallDisconnected"));

    await until(() => (callA.events.length === 2 && callB.events.length === 2 ? true : undefined));
    expect(callA.events.map((e) => e.type)).toEqual(["CallConnected", "CallDisconnected"]);
    expect(callB.events.map((e) => e.type)).toEqual(["CallConnected", "CallTransferAccepted"]);
    expect(callA.events.every((e) => e.callConnectionId === "call-a")).toBe(true);
    expect(sink.stats).toMatchObject({ sent: 4, failed: 0 });
  });

  it("routes a supervisor action to the owning replica only and returns its acknowledgement", async () => {
    const callA = new RecordingCall("call-a");
    const callB = new RecordingCall("call-b", true);
    await worker("replica-1").attach(callA);
    await worker("replica-2").attach(callB);
    const dispatch = createActionDispatcher({ service, ackTimeoutMs: 5000 });

    await expect(dispatch("call-a", { type: "hangUp" })).resolves.toMatchObject({
      kind: "acknowledged",
      ack: { ok: true },
    });
    await expect(dispatch("call-a", { type: "transfer", target: "+14255550199" })).resolves.toMatchObject({
      kind: "acknowledged",
      ack: { ok: true },
    });
    await expect(dispatch("call-b", { type: "whisper", text: "offer a callback" })).resolves.toMatchObject({
      kind: "acknowledged",
      ack: { ok: false, code: "call-ended" },
    });
    expect(callA.actions).toEqual(["hangUp", "transfer:+14255550199"]);
    expect(callB.actions).toEqual([]);
  });

  it("answers no-owner for a call nobody owns, and times out when the owner never acknowledges", async () => {
    const dispatch = createActionDispatcher({ service, ackTimeoutMs: 300 });
    await expect(dispatch("call-nobody", { type: "hangUp" })).resolves.toEqual({ kind: "no-owner" });

    // A member of the group that is not a worker (it never answers).
    const token = await service.getClientAccessToken({ roles: ["webpubsub.joinLeaveGroup.call.call-mute"] });
    const mute = new WebPubSubClient(token.url);
    clients.push(mute);
    await mute.start();
    await mute.joinGroup("call.call-mute");
    await expect(dispatch("call-mute", { type: "hangUp" })).resolves.toEqual({ kind: "timeout" });
  });

  it("publishes both replicas' call activity to the monitor group, and the end when a call detaches", async () => {
    const received = await monitorListener();
    const planeA = worker("replica-1");
    const channelA = await planeA.attach(new RecordingCall("call-a"));
    const channelB = await worker("replica-2").attach(new RecordingCall("call-b"));

    channelA.report({ kind: "transcript", role: "bot", text: "Hello, how can I help?" });
    channelB.report({ kind: "transcript", role: "caller", text: "Where is my order?" });
    channelB.report({ kind: "turn", latencyMs: 612.4 });
    channelB.report({ kind: "bargeIn" });
    await planeA.detach(channelA, "caller-hung-up");

    await until(() => (received.filter((e) => e.kind !== "call.snapshot").length >= 5 ? true : undefined));
    const live = received.filter((e) => e.kind !== "call.snapshot");
    expect(live).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: "call.transcript",
          callConnectionId: "call-a",
          worker: "replica-1",
          role: "bot",
        }),
        expect.objectContaining({ kind: "call.transcript", callConnectionId: "call-b", worker: "replica-2" }),
        expect.objectContaining({ kind: "call.turn", callConnectionId: "call-b", latencyMs: 612 }),
        expect.objectContaining({ kind: "call.bargeIn", callConnectionId: "call-b" }),
        expect.objectContaining({
          kind: "call.state",
          callConnectionId: "call-a",
          state: "ended",
          reason: "caller-hung-up",
        }),
      ]),
    );
    // After its channel closed, the replica is no longer in the call's group: actions find no owner.
    const dispatch = createActionDispatcher({ service, ackTimeoutMs: 300 });
    await expect(dispatch("call-a", { type: "hangUp" })).resolves.toEqual({ kind: "no-owner" });
  });

  it("gives a replica's client roles for its own call's group only", async () => {
    await worker("replica-1").attach(new RecordingCall("call-a"));
    const [connection] = emulator.connections(HUB);
    expect(connection?.groups).toEqual(["call.call-a"]);
    expect([...(connection?.roles ?? [])].sort()).toEqual([
      "webpubsub.joinLeaveGroup.call.call-a",
      "webpubsub.sendToGroup.call.call-a",
      "webpubsub.sendToGroup.monitor",
    ]);
  });
});
