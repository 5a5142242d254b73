import {
  CALL_RECORDS_TABLE,
  CALL_TICKETS_TABLE,
  createTableCallRecords,
  createTableCallTickets,
  createTableClient,
} from "@acs-voice/functions/app";
import type { CallAutomationEvent as CallEvent } from "@acs-voice/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFixtures, readFixtureJson } from "../../../shared/test/fixtures.js";
import { type Azurite, startAzurite } from "../../src/azurite/index.js";
import { type Harness, post, startHarness } from "./harness.js";

const callbackFixtures = listFixtures("acs").filter((file) => file.startsWith("callback-"));

/** A fixture callback re-addressed to a fresh call connection, so each test sees its own record. */
function callbackFor(file: string, callConnectionId: string): unknown[] {
  const body = readFixtureJson<Array<{ data: Record<string, unknown> }>>("acs", file);
  for (const event of body) event.data.callConnectionId = callConnectionId;
  return body;
}

describe("POST /api/callbacks through the functions dev host", () => {
  let azurite: Azurite;
  let harness: Harness;
  const seen: CallEvent[] = [];
  const records = () =>
    createTableCallRecords(
      createTableClient(
        { kind: "connection-string", connectionString: azurite.connectionString },
        CALL_RECORDS_TABLE,
      ),
    );
  beforeAll(async () => {
    azurite = await startAzurite();
    harness = await startHarness(azurite);
    harness.host.events.subscribe((event) => seen.push(event));
  });
  afterAll(async () => {
    await harness.close();
    await azurite.close();
  });
  const tickets = () =>
    createTableCallTickets(
      createTableClient(
        { kind: "connection-string", connectionString: azurite.connectionString },
        CALL_TICKETS_TABLE,
      ),
    );
  /** The callback URL of a call this app answered: its ticket, bound to the call connection id. */
  const url = async (callConnectionId = "any-call") => {
    const ticket = await tickets().issue(undefined, new Date());
    await tickets().bind(ticket, callConnectionId);
    return `${harness.host.url}/api/callbacks/${ticket}`;
  };
  const withToken = (token: string) => ({
    "content-type": "application/json",
    authorization: `Bearer ${token}`,
  });

  it.each(["forged", "expired", "wrong-audience", "wrong-issuer", "alg-none", "hs256", "stale"] as const)(
    "refuses a %s token with 401 and changes nothing",
    async (kind) => {
      const callConnectionId = `refused-${kind}`;
      const response = await post(
        await url(callConnectionId),
        JSON.stringify(callbackFor("callback-CallConnected.json", callConnectionId)),
        withToken(await harness.acs.mintToken(kind)),
      );
      expect(response.status).toBe(401);
      expect(await records().get(callConnectionId)).toBeUndefined();
      expect(seen.filter((e) => e.callConnectionId === callConnectionId)).toEqual([]);
    },
  );

  it("refuses a callback without a token, or with another scheme", async () => {
    const body = JSON.stringify(callbackFor("callback-CallConnected.json", "refused-missing"));
    const target = await url("refused-missing");
    expect((await post(target, body)).status).toBe(401);
    expect(
      (await post(target, body, { "content-type": "application/json", authorization: "Basic eDp5" })).status,
    ).toBe(401);
    expect(await records().get("refused-missing")).toBeUndefined();
  });

  it.each(callbackFixtures)("accepts %s with a valid token and hands it on", async (file) => {
    const callConnectionId = `fixture-${file.replace(/[^a-zA-Z]/g, "")}`;
    const response = await post(
      await url(callConnectionId),
      JSON.stringify(callbackFor(file, callConnectionId)),
      withToken(await harness.acs.mintToken("valid")),
    );
    expect(response).toMatchObject({ status: 200, json: { accepted: 1, ignored: 0 } });
    const record = await records().get(callConnectionId);
    expect(record?.lastEvent).toBe(file.split(/[-.]/)[1]);
    expect(seen.filter((e) => e.callConnectionId === callConnectionId).map((e) => e.type)).toEqual([
      file.split(/[-.]/)[1],
    ]);
  });

  it("follows a real call: the emulator's callbacks move the record to connected", async () => {
    const ring = await harness.acs.ringIncomingCall({ webhookUrl: harness.host.incomingCallUrl });
    expect(ring.deliveries[0]?.delivered).toBe(true);
    const call = await harness.acs.waitForCall((c) => c.correlationId === ring.correlationId);
    await expect.poll(() => call.callbacks.find((c) => c.type === "CallConnected")?.status).toBe(200);
    const record = await records().get(call.callConnectionId);
    expect(record).toMatchObject({
      state: "connected",
      direction: "inbound",
      correlationId: ring.correlationId,
    });
    expect(seen.some((e) => e.callConnectionId === call.callConnectionId && e.type === "CallConnected")).toBe(
      true,
    );
  });

  it("refuses a valid token with the ticket of another call, an unknown ticket, or no ticket", async () => {
    const token = withToken(await harness.acs.mintToken("valid"));
    // A media token is valid for any call: with it, a forged CallDisconnected for a victim's call.
    const forged = JSON.stringify(callbackFor("callback-CallDisconnected.json", "victim-call"));
    expect((await post(await url("attacker-call"), forged, token)).status).toBe(401);
    const unknownTicket = `${harness.host.url}/api/callbacks/${"A".repeat(43)}`;
    expect((await post(unknownTicket, forged, token)).status).toBe(401);
    expect((await post(`${harness.host.url}/api/callbacks`, forged, token)).status).toBe(404);
    expect(await records().get("victim-call")).toBeUndefined();
    expect(seen.filter((e) => e.callConnectionId === "victim-call")).toEqual([]);
  });

  it("refuses malformed bodies, wrong content types and oversized bodies (after the token)", async () => {
    const token = withToken(await harness.acs.mintToken("valid"));
    const target = await url();
    expect((await post(target, "{", token)).status).toBe(400);
    expect((await post(target, JSON.stringify([{ id: "1" }]), token)).status).toBe(400);
    expect((await post(target, "[]", { ...token, "content-type": "text/xml" })).status).toBe(415);
    expect((await post(target, new Uint8Array(300_000).fill(32), token)).status).toBe(413);
    const unknown = [{ id: "1", type: "Microsoft.Communication.Brand.New", data: {} }];
    expect(await post(target, JSON.stringify(unknown), token)).toMatchObject({
      status: 200,
      json: { accepted: 0, ignored: 1 },
    });
  });
});
