import { AUDIT_TABLE, createTableClient } from "@acs-voice/functions/app";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Azurite, startAzurite } from "../../src/azurite/index.js";
import { CALLER_ID, type Harness, post, startHarness } from "./harness.js";

describe("POST /api/calls through the functions dev host", () => {
  let azurite: Azurite;
  let harness: Harness;
  beforeAll(async () => {
    azurite = await startAzurite();
    harness = await startHarness(azurite, () => ({}), {
      env: {
        // Everything but the caps and the high-risk ranges: what a broad allow-list still refuses.
        ALLOWED_DESTINATIONS: "+*",
        OUTBOUND_CALLS_PER_HOUR: "5",
        OUTBOUND_CALLS_PER_DESTINATION_PER_HOUR: "2",
      },
    });
  });
  afterAll(async () => {
    await harness.close();
    await azurite.close();
  });
  const url = () => `${harness.host.url}/api/calls?code=${harness.host.functionKey}`;
  const createCalls = () => harness.acs.requests.filter((r) => r.path === "/calling/callConnections");
  const auditRows = async () => {
    const client = createTableClient(
      { kind: "connection-string", connectionString: azurite.connectionString },
      AUDIT_TABLE,
    );
    const rows: Record<string, unknown>[] = [];
    for await (const row of client.listEntities<Record<string, unknown>>()) rows.push(row);
    return rows;
  };

  it("places a call to an E.164 number with the caller id and the media options", async () => {
    const response = await post(
      url(),
      JSON.stringify({ to: "+14255550100", operationContext: "campaign-7" }),
    );
    expect(response.status).toBe(202);
    const { callConnectionId } = response.json as { callConnectionId: string };
    expect(harness.acs.calls().map((c) => c.callConnectionId)).toContain(callConnectionId);
    const [request] = createCalls();
    const ticket = /\/api\/callbacks\/([A-Za-z0-9_-]{43})$/.exec(
      String((request?.body as { callbackUri?: unknown } | undefined)?.callbackUri),
    )?.[1];
    expect(ticket).toBeDefined();
    expect(request?.body).toMatchObject({
      targets: [{ kind: "phoneNumber", phoneNumber: { value: "+14255550100" } }],
      sourceCallerIdNumber: { value: CALLER_ID },
      callbackUri: `${harness.env.CALLBACK_BASE_URL}/api/callbacks/${ticket}`,
      operationContext: "campaign-7",
      mediaStreamingOptions: {
        transportType: "websocket",
        transportUrl: `ws://127.0.0.1:9/media/${ticket}`,
        contentType: "audio",
        audioChannelType: "mixed",
        startMediaStreaming: true,
        enableBidirectional: true,
        audioFormat: "pcm24KMono",
        enableDtmfTones: true,
      },
    });
    expect(harness.logLines.join("\n")).not.toContain("+14255550100");
  });

  it.each([
    [{}, "to is required"],
    [{ to: "4255550100" }, "E.164"],
    [{ to: "+1 425 555 0100" }, "E.164"],
    [{ to: "+14255550100", extra: true }, "the body has fields other than to and operationContext"],
    [[], "must be a JSON object"],
  ])("refuses %j with 400 and a clear message", async (body, message) => {
    const before = createCalls().length;
    const response = await post(url(), JSON.stringify(body));
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.json)).toContain(message);
    expect(createCalls()).toHaveLength(before);
  });

  it("never dials a high-risk range, even with an allow-list of everything, and audits the refusal", async () => {
    const before = createCalls().length;
    // the +882 (international networks) number that reached ACS in the security review
    const response = await post(url(), JSON.stringify({ to: "+88213456789" }));
    expect(response).toMatchObject({ status: 403, json: { error: { code: "destination-not-allowed" } } });
    expect(createCalls()).toHaveLength(before);
    const audit = await auditRows();
    expect(audit).toContainEqual(
      expect.objectContaining({ action: "outbound-call", actor: "api", outcome: "refused:high-risk" }),
    );
    expect(JSON.stringify(audit)).not.toContain("88213456789");
  });

  it("caps outbound calls per destination and per hour, over every request", async () => {
    const before = createCalls().length;
    const statuses: number[] = [];
    const numbers = [
      "+14255550111",
      "+14255550111",
      "+14255550111",
      "+14255550112",
      "+14255550113",
      "+14255550114",
    ];
    for (const to of numbers) {
      statuses.push((await post(url(), JSON.stringify({ to }))).status);
    }
    // two per destination; five in all this hour (one was placed by the first test)
    expect(statuses).toEqual([202, 202, 429, 202, 202, 429]);
    expect(createCalls()).toHaveLength(before + 4);
    const outcomes = (await auditRows()).map((row) => row.outcome);
    expect(outcomes).toEqual(
      expect.arrayContaining(["placed", "refused:destination-cap", "refused:global-cap"]),
    );
  });

  it("refuses malformed JSON, other content types and oversized bodies", async () => {
    expect((await post(url(), "{to:")).status).toBe(400);
    expect((await post(url(), "{}", { "content-type": "application/x-www-form-urlencoded" })).status).toBe(
      415,
    );
    expect((await post(url(), new Uint8Array(20_000).fill(32))).status).toBe(413);
  });

  it("refuses a call without the function key, or with a wrong one, before anything else", async () => {
    const before = createCalls().length;
    // A destination the policy refuses: with the key the request gets as far as the policy (403).
    const body = JSON.stringify({ to: "+88213456789" });
    expect((await post(`${harness.host.url}/api/calls`, body)).status).toBe(401);
    expect((await post(`${harness.host.url}/api/calls?code=not-the-key`, body)).status).toBe(401);
    expect(
      (
        await post(`${harness.host.url}/api/calls`, body, {
          "content-type": "application/json",
          "x-functions-key": harness.host.functionKey,
        })
      ).status,
    ).toBe(403);
    expect(createCalls()).toHaveLength(before);
    expect(harness.logLines.join("\n")).not.toContain(harness.host.functionKey);
  });

  it("serves health and nothing else", async () => {
    const health = await fetch(`${harness.host.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect((await fetch(`${harness.host.url}/api/nope`)).status).toBe(404);
    expect((await fetch(`${harness.host.url}/api/health`, { method: "POST" })).status).toBe(405);
  });
});
