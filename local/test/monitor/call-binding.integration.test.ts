// Every media connection is bound to a call this app answered. The whole system (functions host, ACS
// emulator, a worker reading the call tickets from Azurite) takes a real call; then the probes of the
// security review are tried against the worker with a valid ACS media token (it names no call and lasts a
// day): no ticket, a ticket nobody issued, the call's own ticket under another call's id, and the call's
// own ticket while its media is live. Each is refused, and nothing reaches the victim's call.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { EmulatedCall } from "../../src/acs/index.js";
import type { Scenario } from "../../src/voicelive/index.js";
import { type ControlPlaneSystem, startControlPlaneSystem } from "./system.js";

const SCENARIO = {
  greeting: "Hello, thanks for calling the city library. How can I help you today?",
  turns: [],
  fallbackReply: "Sorry?",
} as Scenario;

let system: ControlPlaneSystem;
let victim: EmulatedCall;
let mediaBase: string;
let ticket: string;

beforeAll(async () => {
  system = await startControlPlaneSystem(SCENARIO, 1);
  await system.acs.ringIncomingCall({ webhookUrl: system.functions.incomingCallUrl });
  victim = await system.acs.waitForCall(undefined, 10_000);
  await victim.waitForCallback("MediaStreamingStarted", 10_000);
  const transportUrl = victim.mediaStreaming?.transportUrl ?? "";
  const match = /^(.*\/media)\/([A-Za-z0-9_-]{43})$/.exec(transportUrl);
  if (!match?.[1] || !match[2]) throw new Error(`no ticket in the transport URL ${transportUrl}`);
  mediaBase = match[1];
  ticket = match[2];
}, 60_000);

afterAll(async () => {
  await system?.close();
});

/** The upgrade's HTTP status (101 when it was accepted). */
function dial(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on("open", () => {
      socket.terminate();
      resolve(101);
    });
    socket.on("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on("error", (error) => {
      if (!String(error.message).includes("Unexpected server response")) reject(error);
    });
  });
}

describe("media connections are bound to the call the app answered", () => {
  it("the real call got its ticket in the media and callback URLs, and is served", () => {
    expect(victim.callbackUri).toMatch(new RegExp(`/api/callbacks/${ticket}$`));
    expect(system.workers[0]?.activeCalls).toBe(1);
  });

  it("refuses a valid media token without a ticket, with one nobody issued, or with the call's ticket under another id", async () => {
    const token = `Bearer ${await system.acs.mintToken("valid")}`;
    const victimHeaders = {
      authorization: token,
      "x-ms-call-connection-id": victim.callConnectionId,
      "x-ms-call-correlation-id": victim.correlationId,
    };
    expect(await dial(mediaBase, victimHeaders)).toBe(401);
    expect(await dial(`${mediaBase}/${"B".repeat(43)}`, victimHeaders)).toBe(401);
    expect(
      await dial(`${mediaBase}/${ticket}`, {
        ...victimHeaders,
        "x-ms-call-connection-id": "00000000-aaaa-bbbb-cccc-000000000000",
      }),
    ).toBe(401);
    expect(system.workers[0]?.activeCalls).toBe(1);
    expect(system.voiceLive.sessions).toHaveLength(1);
  });

  it("refuses the call's own ticket while its media connection is live", async () => {
    const token = `Bearer ${await system.acs.mintToken("valid")}`;
    const status = await dial(`${mediaBase}/${ticket}`, {
      authorization: token,
      "x-ms-call-connection-id": victim.callConnectionId,
      "x-ms-call-correlation-id": victim.correlationId,
    });
    expect(status).toBe(409);
    expect(victim.state).toBe("connected");
    expect(system.voiceLive.sessions).toHaveLength(1);
  });

  it("the victim's call was never acted on by any of it", () => {
    const actions = system.acs.requests.filter(
      (r) => r.method === "POST" && r.path.startsWith(`/calling/callConnections/${victim.callConnectionId}:`),
    );
    expect(actions).toEqual([]);
    expect(victim.state).toBe("connected");
  });
});
