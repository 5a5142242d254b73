/**
 * VoiceLiveConnection renewal against a reconnect, with fake sockets on a fake clock: a renewal must
 * never replace a socket that is still reconnecting, nor leave a socket open after the call.
 */
import { FakeClock } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { connectionOnFakeSockets, type FakeVoiceLiveSocket as FakeSocket } from "./fake-voice-live-socket.js";

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

function connection() {
  const clock = new FakeClock();
  const opened: boolean[] = [];
  let renewed = 0;
  const { link, sockets } = connectionOnFakeSockets(clock, {
    opened: (reconnected) => opened.push(reconnected),
    event: () => {},
    badMessage: () => {},
    lost: () => {},
    renewed: () => renewed++,
    failed: () => {},
  });
  return { clock, sockets, opened, link, renewed: () => renewed };
}

const socketAt = (sockets: FakeSocket[], index: number): FakeSocket => {
  const socket = sockets[index];
  if (!socket) throw new Error(`no socket ${index}`);
  return socket;
};

describe("Voice Live renewal during a reconnect", () => {
  it("does not replace the reconnecting socket: its open still restores the call", async () => {
    const { clock, sockets, opened, link, renewed } = connection();
    link.start();
    await settle();
    socketAt(sockets, 0).serverOpens();
    socketAt(sockets, 0).serverCloses();
    clock.advance(250);
    await settle();
    expect(sockets).toHaveLength(2); // the reconnect, still CONNECTING

    link.renew((swap) => swap([]));
    await settle();
    sockets[2]?.serverOpens();
    await settle();
    socketAt(sockets, 1).serverOpens();

    expect(opened).toEqual([false, true]);
    expect(renewed()).toBe(0);
    expect(link.isOpen).toBe(true);
  });

  it("renews later, once the reconnect has opened", async () => {
    const { clock, sockets, link, renewed } = connection();
    link.start();
    await settle();
    socketAt(sockets, 0).serverOpens();
    socketAt(sockets, 0).serverCloses();
    clock.advance(250);
    await settle();
    link.renew((swap) => swap([]));
    await settle();
    socketAt(sockets, 1).serverOpens();

    clock.advance(30_000);
    await settle();
    socketAt(sockets, 2).serverOpens();
    expect(renewed()).toBe(1);
    expect(socketAt(sockets, 1).readyState).toBe(WebSocket.CLOSED);
  });

  it("leaves no socket open after the call when a renewal meets a pending reconnect attempt", async () => {
    const { clock, sockets, link } = connection();
    link.start();
    await settle();
    socketAt(sockets, 0).serverOpens();
    socketAt(sockets, 0).serverCloses();
    clock.advance(250);
    await settle();
    link.renew((swap) => swap([])); // while the reconnect is still CONNECTING
    await settle();
    socketAt(sockets, 1).serverCloses(); // that attempt fails: another is scheduled
    sockets[2]?.serverOpens();
    clock.advance(5_000);
    await settle();
    sockets.at(-1)?.serverOpens();
    link.close();

    expect(sockets.filter((socket) => socket.readyState === WebSocket.OPEN)).toHaveLength(0);
  });

  it("drops a renewal still waiting for credentials when the connection drops", async () => {
    const { clock, sockets, link, opened } = connection();
    link.start();
    await settle();
    socketAt(sockets, 0).serverOpens();
    link.renew((swap) => swap([])); // credentials are awaited; the drop comes first
    socketAt(sockets, 0).serverCloses();
    await settle();
    clock.advance(250);
    await settle();
    for (const socket of sockets.slice(1)) socket.serverOpens();

    expect(opened).toEqual([false, true]);
    expect(sockets.filter((socket) => socket.readyState === WebSocket.OPEN)).toHaveLength(1);
  });
});
