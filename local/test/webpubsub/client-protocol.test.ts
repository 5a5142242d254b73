// The client endpoint on the wire, with a bare `ws` socket: what each subprotocol receives, acks and
// errors as values, recovery refused with 1008, bounded redelivery buffers, maxPayload, and upgrade
// refusals (401/404).
import { SignJWT } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  startWebPubSubEmulator,
  type WebPubSubEmulator,
  type WebPubSubEmulatorOptions,
} from "../../src/webpubsub/index.js";

const HUB = "calls";
const JSON_PROTOCOL = "json.webpubsub.azure.v1";
const RELIABLE_PROTOCOL = "json.reliable.webpubsub.azure.v1";

let emulator: WebPubSubEmulator;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await emulator?.close();
});

interface Peer {
  socket: WebSocket;
  frames: (string | Buffer)[];
  json: () => Record<string, unknown>[];
  closed: Promise<number>;
}

async function start(options: WebPubSubEmulatorOptions = {}): Promise<WebPubSubEmulator> {
  emulator = await startWebPubSubEmulator(options);
  return emulator;
}

async function open(url: string, protocol?: string): Promise<Peer> {
  const socket = protocol === undefined ? new WebSocket(url) : new WebSocket(url, protocol);
  sockets.push(socket);
  const frames: (string | Buffer)[] = [];
  socket.on("message", (data, isBinary) => frames.push(isBinary ? (data as Buffer) : data.toString()));
  const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  return {
    socket,
    frames,
    json: () =>
      frames
        .filter((f): f is string => typeof f === "string")
        .map((f) => JSON.parse(f) as Record<string, unknown>),
    closed,
  };
}

async function connect(
  protocol: string | undefined,
  claims: { userId?: string; roles?: string[]; groups?: string[] } = {},
): Promise<Peer & { connectionId: string; reconnectionToken: unknown }> {
  const token = await emulator.mintClientToken({ hub: HUB, ...claims });
  const peer = await open(`${emulator.clientUrl(HUB)}?access_token=${token}`, protocol);
  if (protocol === undefined) {
    const connectionId = await until(() => emulator.connections(HUB).at(-1)?.connectionId);
    return { ...peer, connectionId, reconnectionToken: undefined };
  }
  const connected = await until(() => peer.json().find((f) => f.event === "connected"));
  return {
    ...peer,
    connectionId: String(connected.connectionId),
    reconnectionToken: connected.reconnectionToken,
  };
}

async function until<T>(probe: () => T | undefined, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function upgradeStatus(url: string, protocol = JSON_PROTOCOL): Promise<number> {
  const socket = new WebSocket(url, protocol);
  sockets.push(socket);
  socket.on("error", () => {}); // a refused upgrade is the expected outcome
  return new Promise<number>((resolve) => {
    socket.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
    socket.on("open", () => resolve(101));
  });
}

async function restSend(path: string, body: string, contentType: string): Promise<number> {
  const target = `${emulator.url}${path}?api-version=2024-12-01`;
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setAudience(target)
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode(emulator.accessKey));
  const response = await fetch(target, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": contentType },
    body,
  });
  return response.status;
}

describe("Web PubSub client endpoint on the wire", () => {
  it("speaks json.webpubsub.azure.v1 without sequence ids or reconnection tokens", async () => {
    await start();
    const peer = await connect(JSON_PROTOCOL, { userId: "u1", roles: ["webpubsub.joinLeaveGroup"] });
    expect(peer.json()[0]).toEqual({
      type: "system",
      event: "connected",
      userId: "u1",
      connectionId: peer.connectionId,
    });
    peer.socket.send(JSON.stringify({ type: "joinGroup", group: "g", ackId: 1 }));
    await until(() => peer.json().find((f) => f.type === "ack"));
    expect(await restSend(`/api/hubs/${HUB}/groups/g/:send`, "hi", "text/plain")).toBe(202);
    const message = await until(() => peer.json().find((f) => f.type === "message"));
    expect(message).toEqual({ type: "message", from: "server", dataType: "text", data: "hi" });
  });

  it("numbers data messages on the reliable protocol and forgets what the client acknowledged", async () => {
    await start();
    const peer = await connect(RELIABLE_PROTOCOL, { groups: ["g"] });
    expect(peer.reconnectionToken).toBeTypeOf("string");
    expect(await restSend(`/api/hubs/${HUB}/groups/g/:send`, '{"n":1}', "application/json")).toBe(202);
    expect(await restSend(`/api/hubs/${HUB}/:send`, "AAEC", "application/octet-stream")).toBe(202);
    await until(() => (peer.json().filter((f) => f.type === "message").length === 2 ? true : undefined));
    expect(peer.json().filter((f) => f.type === "message")).toEqual([
      { type: "message", from: "server", dataType: "json", data: { n: 1 }, sequenceId: 1 },
      {
        type: "message",
        from: "server",
        dataType: "binary",
        data: Buffer.from("AAEC").toString("base64"),
        sequenceId: 2,
      },
    ]);
    expect(emulator.connections(HUB)[0]?.unackedMessages).toBe(2);
    peer.socket.send(JSON.stringify({ type: "sequenceAck", sequenceId: 2 }));
    await until(() => (emulator.connections(HUB)[0]?.unackedMessages === 0 ? true : undefined));
  });

  it("answers pings, acks events, and records unknown and malformed frames without closing", async () => {
    await start();
    const peer = await connect(JSON_PROTOCOL);
    peer.socket.send("{not json");
    peer.socket.send(JSON.stringify({ type: "teleport", to: "mars" }));
    peer.socket.send(
      JSON.stringify({ type: "sendToGroup", group: "g", dataType: "text", data: 42, ackId: 5 }),
    );
    peer.socket.send(Buffer.from([1, 2, 3]));
    peer.socket.send(
      JSON.stringify({ type: "event", event: "transcript", dataType: "json", data: { a: 1 }, ackId: 7 }),
    );
    peer.socket.send(JSON.stringify({ type: "ping" }));
    await until(() => peer.json().find((f) => f.type === "pong"));
    expect(peer.json().filter((f) => f.type === "ack")).toEqual([{ type: "ack", ackId: 7, success: true }]);
    const kinds = emulator.received.flatMap((r) => (r.source === "client" ? [r.message.type] : []));
    expect(kinds).toEqual(["invalid", "unknown", "invalid", "invalid", "event", "ping"]);
    expect(peer.socket.readyState).toBe(WebSocket.OPEN);
  });

  it("relays client publishes to a plain WebSocket client as raw frames", async () => {
    await start();
    const plain = await connect(undefined);
    await fetchAddToGroup(plain.connectionId, "g");
    const publisher = await connect(JSON_PROTOCOL, { roles: ["webpubsub.sendToGroup"] });
    publisher.socket.send(
      JSON.stringify({ type: "sendToGroup", group: "g", dataType: "text", data: "plain hi" }),
    );
    publisher.socket.send(
      JSON.stringify({ type: "sendToGroup", group: "g", dataType: "json", data: { a: 1 } }),
    );
    publisher.socket.send(
      JSON.stringify({ type: "sendToGroup", group: "g", dataType: "binary", data: "AQID" }),
    );
    await until(() => (plain.frames.length === 3 ? true : undefined));
    expect(plain.frames).toEqual(["plain hi", '{"a":1}', Buffer.from([1, 2, 3])]);
  });

  it("refuses recovery with a wrong token, and after the recovery window, with close code 1008", async () => {
    const pending: { run: () => void; delayMs: number }[] = [];
    await start({
      recoveryWindowMs: 30_000,
      schedule: (run, delayMs) => {
        pending.push({ run, delayMs });
        return () => {};
      },
    });
    const peer = await connect(RELIABLE_PROTOCOL);
    emulator.dropConnection(peer.connectionId);
    await peer.closed;
    await until(() => (pending.length === 1 ? true : undefined));
    expect(pending[0]?.delayMs).toBe(30_000);
    const base = emulator.clientUrl(HUB);
    const wrong = await open(
      `${base}?awps_connection_id=${peer.connectionId}&awps_reconnection_token=guess`,
      RELIABLE_PROTOCOL,
    );
    expect(await wrong.closed).toBe(1008);
    expect(emulator.connections(HUB)[0]?.state).toBe("recovering");

    pending[0]?.run(); // the recovery window ends
    expect(emulator.connections(HUB)).toEqual([]);
    const late = await open(
      `${base}?awps_connection_id=${peer.connectionId}&awps_reconnection_token=${String(peer.reconnectionToken)}`,
      RELIABLE_PROTOCOL,
    );
    expect(await late.closed).toBe(1008);
  });

  it("drops a reliable connection whose unacknowledged backlog is full", async () => {
    await start({ maxUnackedMessages: 3 });
    const peer = await connect(RELIABLE_PROTOCOL);
    for (let n = 0; n < 4; n++)
      expect(await restSend(`/api/hubs/${HUB}/:send`, String(n), "text/plain")).toBe(202);
    expect(await peer.closed).toBe(1008);
    expect(peer.json().at(-1)).toMatchObject({ type: "system", event: "disconnected" });
    expect(emulator.connections(HUB)).toEqual([]);
  });

  it("closes a client that sends more than 1 MB in one frame with 1009", async () => {
    await start();
    const peer = await connect(JSON_PROTOCOL);
    peer.socket.send(
      JSON.stringify({ type: "event", event: "e", dataType: "text", data: "x".repeat(1024 * 1024) }),
    );
    expect(await peer.closed).toBe(1009);
  });

  it("refuses upgrades without a valid token (401) and to unknown paths or hubs (404)", async () => {
    await start({ hubs: [HUB] });
    expect(await upgradeStatus(emulator.clientUrl(HUB))).toBe(401);
    expect(await upgradeStatus(`${emulator.clientUrl(HUB)}?access_token=not.a.jwt`)).toBe(401);
    const token = await emulator.mintClientToken({ hub: "other" });
    expect(await upgradeStatus(`${emulator.clientUrl("other")}?access_token=${token}`)).toBe(404);
    expect(await upgradeStatus(`${emulator.url.replace("http", "ws")}/elsewhere`)).toBe(404);
    expect(emulator.connections()).toEqual([]);
  });

  it("answers REST sends with 415 for other content types, 400 for unsupported filters and 413 above 1 MB", async () => {
    await start();
    expect(await restSend(`/api/hubs/${HUB}/:send`, "<x/>", "application/xml")).toBe(415);
    expect(await restSend(`/api/hubs/${HUB}/:send`, "{", "application/json")).toBe(400);
    expect(await restSend(`/api/hubs/${HUB}/:send`, "x".repeat(1024 * 1024 + 1), "text/plain")).toBe(413);
    const target = `${emulator.url}/api/hubs/${HUB}/:send?api-version=2024-12-01&filter=${encodeURIComponent("length(userId) gt 3")}`;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setAudience(target)
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(emulator.accessKey));
    const response = await fetch(target, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" },
      body: "x",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "BadRequest" });
  });

  it("refuses a REST token minted for another URL", async () => {
    await start();
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setAudience(`${emulator.url}/api/hubs/${HUB}/:send?api-version=2024-12-01`)
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(emulator.accessKey));
    const response = await fetch(`${emulator.url}/api/hubs/${HUB}/connections/c1?api-version=2024-12-01`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(401);
  });
});

async function fetchAddToGroup(connectionId: string, group: string): Promise<void> {
  const target = `${emulator.url}/api/hubs/${HUB}/groups/${group}/connections/${connectionId}?api-version=2024-12-01`;
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setAudience(target)
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode(emulator.accessKey));
  const response = await fetch(target, { method: "PUT", headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
}
