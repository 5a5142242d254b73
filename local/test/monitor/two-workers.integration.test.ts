// Two media worker replicas behind a round-robin balancer and two calls: each call's callbacks are
// published to its own group, each group's member is the replica that carries that call, and a
// supervisor's hang-up through the functions ends exactly that call while the other goes on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scenario } from "../../src/voicelive/index.js";
import type { WebPubSubRecord } from "../../src/webpubsub/index.js";

type RestRecord = Extract<WebPubSubRecord, { source: "rest" }>;

import { type ControlPlaneSystem, postAction, startControlPlaneSystem } from "./system.js";

const SCENARIO = {
  greeting: "Hello, thanks for calling. How can I help you today?",
  turns: [{ caller: "What are your opening hours?", reply: "We are open every weekday from eight to six." }],
  fallbackReply: "Sorry?",
} as Scenario;

let system: ControlPlaneSystem;

async function until<T>(probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("control plane with two worker replicas and two calls", () => {
  beforeAll(async () => {
    system = await startControlPlaneSystem(SCENARIO, 2);
  }, 60_000);

  afterAll(async () => {
    await system?.close();
  });

  it("routes each call's traffic to the replica that owns it", async () => {
    const { acs, wps, functions, workers } = system;
    const webhookUrl = functions.incomingCallUrl;
    await acs.ringIncomingCall({ webhookUrl });
    const first = await acs.waitForCall(undefined, 10_000);
    await acs.ringIncomingCall({ webhookUrl });
    const second = await acs.waitForCall((c) => c.callConnectionId !== first.callConnectionId, 10_000);

    // Each replica carries one call, and is the only member of that call's group.
    await until(() => (workers.every((w) => w.activeCalls === 1) ? true : undefined));
    const ownerOf = (callConnectionId: string) =>
      until(() => {
        const group = wps.groups("calls").find((g) => g.name === `call.${callConnectionId}`);
        const members = (group?.connectionIds ?? []).map(
          (id) => wps.connections("calls").find((c) => c.connectionId === id)?.userId,
        );
        return members.length === 1 ? members[0] : undefined;
      });
    const owners = [await ownerOf(first.callConnectionId), await ownerOf(second.callConnectionId)];
    expect(owners.sort()).toEqual(["worker:worker-1", "worker:worker-2"]);

    // The functions published each call's callbacks to that call's group only.
    await until(() => (first.callbacks.length > 0 && second.callbacks.length > 0 ? true : undefined));
    const sends = (callConnectionId: string) =>
      wps.received.filter(
        (r): r is RestRecord =>
          r.source === "rest" &&
          r.method === "POST" &&
          r.path === `/api/hubs/calls/groups/call.${callConnectionId}/:send`,
      );
    await until(() =>
      sends(first.callConnectionId).length > 0 && sends(second.callConnectionId).length > 0
        ? true
        : undefined,
    );
    for (const [call, other] of [
      [first, second],
      [second, first],
    ] as const) {
      for (const send of sends(call.callConnectionId)) {
        expect(send.body).toContain(call.callConnectionId);
        expect(send.body).not.toContain(other.callConnectionId);
      }
    }

    // A supervisor hangs up the second call: only it ends.
    const hangUp = await postAction(functions.url, second.callConnectionId, { type: "hangUp" });
    expect(hangUp).toMatchObject({ status: 200, json: { status: "done", action: "hangUp" } });
    await second.ended;
    expect(second.state).toBe("disconnected");
    expect(first.state).toBe("connected");
    await until(() => (workers.reduce((n, w) => n + w.activeCalls, 0) === 1 ? true : undefined), 30_000);

    // Its replica left the group: a second hang-up finds no owner; the first call still takes actions.
    await until(() =>
      wps
        .groups("calls")
        .some((g) => g.name === `call.${second.callConnectionId}` && g.connectionIds.length > 0)
        ? undefined
        : true,
    );
    await expect(
      postAction(functions.url, second.callConnectionId, { type: "hangUp" }),
    ).resolves.toMatchObject({
      status: 404,
    });
    await expect(
      postAction(functions.url, first.callConnectionId, { type: "whisper", text: "Be brief." }),
    ).resolves.toMatchObject({ status: 200 });
    await expect(
      postAction(functions.url, first.callConnectionId, { type: "transfer" }),
    ).resolves.toMatchObject({
      status: 409,
      json: { error: { code: "not-configured" } },
    });
  }, 90_000);
});
