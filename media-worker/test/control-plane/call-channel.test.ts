// One call's channel against a fake Web PubSub client and a fake clock: what it sends, in what order.
import { type CallAutomationEvent, FakeClock } from "@acs-voice/shared";
import type { OnGroupDataMessageArgs, OnServerDataMessageArgs } from "@azure/web-pubsub-client";
import { describe, expect, it } from "vitest";
import { CallChannel, type ChannelClient, MAX_PENDING_EVENTS } from "../../src/control-plane/call-channel.js";
import { ActionError, type ControlledCall } from "../../src/control-plane/controlled-call.js";
import { silentLogger } from "../../src/logger.js";

interface Sent {
  group: string;
  data: Record<string, unknown>;
}

function fakeClient() {
  const sent: Sent[] = [];
  const log: string[] = [];
  let onServer: ((e: OnServerDataMessageArgs) => void) | undefined;
  let release: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    release = resolve;
  });
  const client: ChannelClient = {
    async start() {
      await started;
      log.push("start");
    },
    stop: () => log.push("stop"),
    joinGroup: async (group) => log.push(`join ${group}`),
    leaveGroup: async (group) => log.push(`leave ${group}`),
    async sendToGroup(group, content) {
      sent.push({ group, data: content as unknown as Record<string, unknown> });
    },
    on(event: string, listener: unknown) {
      if (event === "server-message") onServer = listener as (e: OnServerDataMessageArgs) => void;
      void (listener as (e: OnGroupDataMessageArgs) => void);
    },
  };
  const deliver = (data: unknown) =>
    onServer?.({ message: { kind: "serverData", dataType: "json", data } } as OnServerDataMessageArgs);
  return { client, sent, log, deliver, connect: release };
}

class Call implements ControlledCall {
  readonly callConnectionId = "c1";
  readonly done: string[] = [];
  readonly events: CallAutomationEvent[] = [];
  hangUpGate: Promise<void> = Promise.resolve();
  async hangUp() {
    await this.hangUpGate;
    this.done.push("hangUp");
  }
  async transfer() {
    throw new ActionError("not-configured", "no transfer number is configured");
  }
  async whisper(text: string) {
    this.done.push(`whisper ${text}`);
  }
  onCallAutomationEvent(event: CallAutomationEvent) {
    this.events.push(event);
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function channelWith(call = new Call()) {
  const clock = new FakeClock();
  const fake = fakeClient();
  const channel = new CallChannel({
    call,
    client: fake.client,
    workerId: "w1",
    clock,
    logger: silentLogger(),
    snapshotIntervalMs: 5000,
    wallClock: () => 1_000,
  });
  return { channel, call, clock, ...fake };
}

describe("CallChannel", () => {
  it("holds activity until it has joined, then sends one snapshot of it (plus what a snapshot lacks)", async () => {
    const { channel, sent, log, connect } = channelWith();
    const opened = channel.open();
    channel.report({ kind: "transcript", role: "bot", text: "Hello" });
    channel.report({ kind: "tool", name: "lookup_order_status" });
    expect(sent).toEqual([]);
    connect();
    await opened;
    expect(log).toEqual(["start", "join call.c1"]);
    expect(sent.map((s) => [s.group, s.data.kind])).toEqual([
      ["monitor", "call.snapshot"],
      ["monitor", "call.tool"],
    ]);
    expect(sent[0]?.data).toMatchObject({
      callConnectionId: "c1",
      worker: "w1",
      transcript: [{ role: "bot", text: "Hello" }],
    });
  });

  it("keeps at most MAX_PENDING_EVENTS while connecting, dropping the oldest", async () => {
    const { channel, sent, connect } = channelWith();
    const opened = channel.open();
    for (let i = 0; i < MAX_PENDING_EVENTS + 5; i++) channel.report({ kind: "tool", name: `t${i}` });
    connect();
    await opened;
    const tools = sent.filter((s) => s.data.kind === "call.tool").map((s) => s.data.name);
    expect(tools).toHaveLength(MAX_PENDING_EVENTS);
    expect(tools[0]).toBe("t5");
    expect(channel.stats.monitorEventsDropped).toBe(5);
  });

  it("republishes the view on the clock and stops when closed", async () => {
    const { channel, sent, clock, connect } = channelWith();
    connect();
    await channel.open();
    clock.advance(5000);
    clock.advance(5000);
    expect(sent.filter((s) => s.data.kind === "call.snapshot")).toHaveLength(3);
    await channel.close("caller-hung-up");
    expect(clock.pendingTimers).toBe(0);
  });

  it("carries out a redelivered action once and acknowledges each delivery", async () => {
    const { channel, call, sent, connect, deliver } = channelWith();
    connect();
    await channel.open();
    deliver({ kind: "action", actionId: "a1", action: { type: "whisper", text: "be brief" } });
    deliver({ kind: "action", actionId: "a1", action: { type: "whisper", text: "be brief" } });
    deliver({ kind: "action", actionId: "a2", action: { type: "transfer" } });
    deliver({ kind: "action", actionId: "a3", action: { type: "explode" } });
    deliver({
      kind: "callEvent",
      event: { id: "e", type: "CallDisconnected", callConnectionId: "c1", data: {} },
    });
    deliver({
      kind: "callEvent",
      event: { id: "e", type: "CallDisconnected", callConnectionId: "other", data: {} },
    });
    await flush();
    expect(call.done).toEqual(["whisper be brief"]);
    const acks = sent.filter((s) => s.group === "call.c1").map((s) => s.data);
    expect(acks).toEqual([
      { kind: "ack", actionId: "a1", ok: true },
      { kind: "ack", actionId: "a1", ok: true },
      {
        kind: "ack",
        actionId: "a2",
        ok: false,
        code: "not-configured",
        message: "no transfer number is configured",
      },
    ]);
    expect(call.events.map((e) => e.type)).toEqual(["CallDisconnected"]);
    expect(channel.stats).toMatchObject({ invalid: 1, ignored: 1, callEvents: 1, actions: 3 });
  });

  it("on close publishes the end, lets a running action be acknowledged, leaves the group, then stops", async () => {
    const call = new Call();
    let finishHangUp: () => void = () => {};
    call.hangUpGate = new Promise((resolve) => {
      finishHangUp = resolve;
    });
    const { channel, sent, log, connect, deliver } = channelWith(call);
    connect();
    await channel.open();
    deliver({ kind: "action", actionId: "h1", action: { type: "hangUp" } });
    const closed = channel.close("supervisor-ended");
    await flush();
    expect(log).not.toContain("stop");
    finishHangUp();
    await closed;
    const order = sent.map((s) => `${s.group} ${s.data.kind}`);
    expect(order.indexOf("monitor call.state")).toBeLessThan(order.indexOf("call.c1 ack"));
    expect(log.slice(-2)).toEqual(["leave call.c1", "stop"]);
  });
});
