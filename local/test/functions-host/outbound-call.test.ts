import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Azurite, startAzurite } from "../../src/azurite/index.js";
import { CALLER_ID, type Harness, post, startHarness } from "./harness.js";

describe("POST /api/calls through the functions dev host", () => {
  let azurite: Azurite;
  let harness: Harness;
  beforeAll(async () => {
    azurite = await startAzurite();
    harness = await startHarness(azurite);
  });
  afterAll(async () => {
    await harness.close();
    await azurite.close();
  });
  const url = () => `${harness.host.url}/api/calls`;
  const createCalls = () => harness.acs.requests.filter((r) => r.path === "/calling/callConnections");

  it("places a call to an E.164 number with the caller id and the media options", async () => {
    const response = await post(
      url(),
      JSON.stringify({ to: "+14255550100", operationContext: "campaign-7" }),
    );
    expect(response.status).toBe(202);
    const { callConnectionId } = response.json as { callConnectionId: string };
    expect(harness.acs.calls().map((c) => c.callConnectionId)).toContain(callConnectionId);
    const [request] = createCalls();
    expect(request?.body).toMatchObject({
      targets: [{ kind: "phoneNumber", phoneNumber: { value: "+14255550100" } }],
      sourceCallerIdNumber: { value: CALLER_ID },
      callbackUri: `${harness.env.CALLBACK_BASE_URL}/api/callbacks`,
      operationContext: "campaign-7",
      mediaStreamingOptions: {
        transportType: "websocket",
        transportUrl: "ws://127.0.0.1:9/media",
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

  it("refuses malformed JSON, other content types and oversized bodies", async () => {
    expect((await post(url(), "{to:")).status).toBe(400);
    expect((await post(url(), "{}", { "content-type": "application/x-www-form-urlencoded" })).status).toBe(
      415,
    );
    expect((await post(url(), new Uint8Array(20_000).fill(32))).status).toBe(413);
  });

  it("serves health and nothing else", async () => {
    const health = await fetch(`${harness.host.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect((await fetch(`${harness.host.url}/api/nope`)).status).toBe(404);
    expect((await fetch(`${harness.host.url}/api/health`, { method: "POST" })).status).toBe(405);
  });
});
