// The real SDKs against the emulator: the server SDK mints client tokens and sends over REST, the client
// SDK connects (reliable protocol, its default), joins, publishes with acks and recovers a dropped
// connection; tokens signed with another key, expired tokens and wrong REST keys are refused.
import { AzureKeyCredential } from "@azure/core-auth";
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import {
  type OnGroupDataMessageArgs,
  type OnServerDataMessageArgs,
  WebPubSubClient,
  type WebPubSubClientOptions,
  WebPubSubJsonProtocol,
} from "@azure/web-pubsub-client";
import { SignJWT } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWebPubSubEmulator, type WebPubSubEmulator } from "../../src/webpubsub/index.js";

const HUB = "calls";
const noRetry: WebPubSubClientOptions = { messageRetryOptions: { maxRetries: 0 } };

let emulator: WebPubSubEmulator;
let service: WebPubSubServiceClient;
const clients: WebPubSubClient[] = [];

beforeEach(async () => {
  emulator = await startWebPubSubEmulator();
  // Plain http on 127.0.0.1: the SDK refuses it unless told (production code passes the same flag
  // only for an http:// endpoint).
  service = new WebPubSubServiceClient(emulator.connectionString, HUB, { allowInsecureConnection: true });
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.stop();
  await emulator.close();
});

interface Connected {
  client: WebPubSubClient;
  connectionId: string;
  serverMessages: OnServerDataMessageArgs["message"][];
  groupMessages: OnGroupDataMessageArgs["message"][];
}

async function connect(
  roles: string[],
  userId = "worker-1",
  options: WebPubSubClientOptions = noRetry,
): Promise<Connected> {
  const token = await service.getClientAccessToken({ userId, roles });
  const client = new WebPubSubClient(token.url, options);
  clients.push(client);
  const serverMessages: Connected["serverMessages"] = [];
  const groupMessages: Connected["groupMessages"] = [];
  client.on("server-message", (e) => serverMessages.push(e.message));
  client.on("group-message", (e) => groupMessages.push(e.message));
  const connected = new Promise<string>((resolve) => client.on("connected", (e) => resolve(e.connectionId)));
  await client.start();
  return { client, connectionId: await connected, serverMessages, groupMessages };
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

describe("Web PubSub emulator with the real SDKs", () => {
  it("builds a connection string the server SDK parses into the emulator's endpoint", async () => {
    expect(emulator.connectionString).toBe(
      `Endpoint=${emulator.url};AccessKey=${emulator.accessKey};Version=1.0;`,
    );
    expect(service.endpoint).toBe(`${emulator.url}/`);
    const token = await service.getClientAccessToken();
    expect(token.baseUrl).toBe(`${emulator.clientUrl(HUB)}`);
  });

  it("connects a client with a token minted by the server SDK (reliable protocol, user id)", async () => {
    const worker = await connect(["webpubsub.joinLeaveGroup.call-1"]);
    const [info] = emulator.connections(HUB);
    expect(info).toMatchObject({
      connectionId: worker.connectionId,
      userId: "worker-1",
      protocol: "json.reliable",
      state: "connected",
    });
    expect(info?.roles).toEqual(["webpubsub.joinLeaveGroup.call-1"]);
  });

  it("delivers a server sendToGroup to the group's members only", async () => {
    const member = await connect(["webpubsub.joinLeaveGroup"]);
    const outsider = await connect(["webpubsub.joinLeaveGroup"], "worker-2");
    await member.client.joinGroup("call-1");
    await outsider.client.joinGroup("call-2");
    expect(emulator.groups(HUB)).toEqual(
      expect.arrayContaining([
        { hub: HUB, name: "call-1", connectionIds: [member.connectionId] },
        { hub: HUB, name: "call-2", connectionIds: [outsider.connectionId] },
      ]),
    );

    await service.group("call-1").sendToAll({ kind: "hangup", callId: "call-1" });
    await service.group("call-1").sendToAll("plain text", { contentType: "text/plain" });
    await until(() => (member.serverMessages.length === 2 ? true : undefined));
    expect(member.serverMessages.map((m) => [m.dataType, m.data])).toEqual([
      ["json", { kind: "hangup", callId: "call-1" }],
      ["text", "plain text"],
    ]);
    // A later message to the outsider's group proves the earlier ones were not on their way to it.
    await service.group("call-2").sendToAll({ kind: "marker" });
    await until(() => (outsider.serverMessages.length === 1 ? true : undefined));
    expect(outsider.serverMessages.map((m) => m.data)).toEqual([{ kind: "marker" }]);
  });

  it("relays a client's sendToGroup with an ack, and refuses groups outside its roles", async () => {
    const sender = await connect(
      ["webpubsub.joinLeaveGroup.call-1", "webpubsub.sendToGroup.call-1"],
      "monitor",
    );
    const listener = await connect(["webpubsub.joinLeaveGroup"], "worker-1");
    await listener.client.joinGroup("call-1");

    const result = await sender.client.sendToGroup("call-1", { transcript: "hello" }, "json", {
      noEcho: true,
    });
    expect(result.isDuplicated).toBe(false);
    await until(() => (listener.groupMessages.length === 1 ? true : undefined));
    expect(listener.groupMessages[0]).toMatchObject({
      group: "call-1",
      fromUserId: "monitor",
      dataType: "json",
      data: { transcript: "hello" },
    });

    await expect(sender.client.joinGroup("call-2")).rejects.toMatchObject({
      errorDetail: { name: "Forbidden" },
    });
    await expect(sender.client.sendToGroup("call-2", "x", "text")).rejects.toMatchObject({
      errorDetail: { name: "Forbidden" },
    });
    expect(emulator.groups(HUB).find((g) => g.name === "call-2")).toBeUndefined();
  });

  it("echoes a publish to its sender unless noEcho is set, on the non-reliable protocol too", async () => {
    const options: WebPubSubClientOptions = { ...noRetry, protocol: WebPubSubJsonProtocol() };
    const roles = ["webpubsub.joinLeaveGroup", "webpubsub.sendToGroup"];
    const sender = await connect(roles, "monitor", options);
    const other = await connect(roles, "worker-1", options);
    expect(emulator.connections(HUB).map((c) => c.protocol)).toEqual(["json", "json"]);
    await sender.client.joinGroup("call-1");
    await other.client.joinGroup("call-1");
    await sender.client.sendToGroup("call-1", "quiet", "text", { noEcho: true });
    await sender.client.sendToGroup("call-1", "loud", "text");
    await until(() =>
      other.groupMessages.length === 2 && sender.groupMessages.length === 1 ? true : undefined,
    );
    expect(other.groupMessages.map((m) => m.data)).toEqual(["quiet", "loud"]);
    expect(sender.groupMessages.map((m) => m.data)).toEqual(["loud"]);
    expect(other.groupMessages.every((m) => m.sequenceId === undefined)).toBe(true);
  });

  it("answers a resent ackId with Duplicate and does not deliver twice", async () => {
    const sender = await connect(["webpubsub.sendToGroup", "webpubsub.joinLeaveGroup"], "monitor");
    await sender.client.joinGroup("g");
    await sender.client.sendToGroup("g", "once", "text", { ackId: 42 });
    const again = await sender.client.sendToGroup("g", "once", "text", { ackId: 42 });
    expect(again.isDuplicated).toBe(true);
    await sender.client.sendToGroup("g", "marker", "text");
    await until(() => (sender.groupMessages.length === 2 ? true : undefined));
    expect(sender.groupMessages.map((m) => m.data)).toEqual(["once", "marker"]);
  });

  it("adds and removes a connection to a group from the server SDK", async () => {
    const worker = await connect([]);
    const ops = service.group("ops");
    await ops.addConnection(worker.connectionId);
    expect(await service.groupExists("ops")).toBe(true);
    expect(await service.connectionExists(worker.connectionId)).toBe(true);
    await ops.sendToAll({ n: 1 });
    await ops.removeConnection(worker.connectionId);
    expect(await service.groupExists("ops")).toBe(false);
    await ops.sendToAll({ n: 2 });
    await service.sendToConnection(worker.connectionId, { n: 3 });
    await until(() => (worker.serverMessages.length === 2 ? true : undefined));
    expect(worker.serverMessages.map((m) => m.data)).toEqual([{ n: 1 }, { n: 3 }]);
    await expect(service.group("ops").addConnection("no-such-connection")).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it("closes a connection from the server SDK with a disconnected message", async () => {
    const worker = await connect([], "worker-1", { ...noRetry, autoReconnect: false });
    const stopped = new Promise<void>((resolve) => worker.client.on("stopped", () => resolve()));
    const disconnected = new Promise<string | undefined>((resolve) =>
      worker.client.on("disconnected", (e) => resolve(e.message?.message)),
    );
    await service.closeConnection(worker.connectionId, { reason: "call ended" });
    expect(await disconnected).toBe("call ended");
    await stopped;
    expect(emulator.connections(HUB)).toEqual([]);
  });

  it("recovers a dropped reliable connection with the same id and redelivers what it missed", async () => {
    const worker = await connect(["webpubsub.joinLeaveGroup"]);
    await worker.client.joinGroup("call-1");
    await service.group("call-1").sendToAll({ n: 1 });
    await until(() => (worker.serverMessages.length === 1 ? true : undefined));

    let reconnectedAsNew = false;
    worker.client.on("connected", () => {
      reconnectedAsNew = true;
    });
    // Sent while the socket is going down: lost on the wire, kept for redelivery by the service.
    expect(emulator.dropConnection(worker.connectionId)).toBe(true);
    await service.group("call-1").sendToAll({ n: 2 });
    await until(() => (worker.serverMessages.length === 2 ? true : undefined), 8000);
    expect(worker.serverMessages.map((m) => m.data)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(emulator.connections(HUB)).toMatchObject([
      { connectionId: worker.connectionId, state: "connected" },
    ]);
    expect(reconnectedAsNew).toBe(false);
    // The client acknowledges what it received (every second), which empties the redelivery buffer.
    await until(() => (emulator.connections(HUB)[0]?.unackedMessages === 0 ? true : undefined));
  });

  it("refuses a client token signed with another key, an expired one, one for another hub and one without expiry", async () => {
    const base = emulator.clientUrl(HUB);
    const audience = `${emulator.url}/client/hubs/${HUB}`;
    const forged = await sign("not-the-key", audience, 3600);
    const expired = await sign(emulator.accessKey, audience, -60);
    const otherHub = await sign(emulator.accessKey, `${emulator.url}/client/hubs/other`, 3600);
    const endless = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setAudience(audience)
      .sign(new TextEncoder().encode(emulator.accessKey));
    for (const token of [forged, expired, otherHub, endless]) {
      const client = new WebPubSubClient(`${base}?access_token=${token}`, {
        ...noRetry,
        autoReconnect: false,
      });
      await expect(client.start()).rejects.toThrow();
      client.stop();
    }
    expect(emulator.connections()).toEqual([]);
  });

  it("answers 401 to REST calls signed with the wrong key", async () => {
    const impostor = new WebPubSubServiceClient(emulator.url, new AzureKeyCredential("wrong-key"), HUB, {
      allowInsecureConnection: true,
    });
    await expect(impostor.sendToAll({ n: 1 })).rejects.toMatchObject({ statusCode: 401 });
    await expect(impostor.group("g").addConnection("c")).rejects.toMatchObject({ statusCode: 401 });
    const rest = emulator.received.filter((r) => r.source === "rest");
    expect(rest.map((r) => r.status)).toEqual([401, 401]);
  });
});

async function sign(key: string, audience: string, lifetimeSec: number): Promise<string> {
  const nowSec = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: ["webpubsub.joinLeaveGroup"] })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setAudience(audience)
    .setIssuedAt(nowSec - 120)
    .setExpirationTime(nowSec + lifetimeSec)
    .sign(new TextEncoder().encode(key));
}
