// The dispatcher against a fake group client: it joins before sending, accepts only the ack of its own
// action, bounds the wait, and always closes its connection.
import type { ActionMessage } from "@acs-voice/shared";
import type { OnGroupDataMessageArgs } from "@azure/web-pubsub-client";
import { describe, expect, it } from "vitest";
import {
  createActionDispatcher,
  type GroupClient,
  type TokenService,
} from "../../src/control-plane/action-dispatcher.js";

function service(exists = true): TokenService & { tokens: unknown[] } {
  const tokens: unknown[] = [];
  return {
    tokens,
    async groupExists() {
      return exists;
    },
    async getClientAccessToken(options) {
      tokens.push(options);
      return { url: "ws://fake" };
    },
  };
}

/** A group member that answers each action with `reply(action)` (nothing when undefined). */
function fakeClient(reply: (message: ActionMessage) => unknown, failStart = false) {
  const log: string[] = [];
  let listener: ((e: OnGroupDataMessageArgs) => void) | undefined;
  const client: GroupClient = {
    async start() {
      log.push("start");
      if (failStart) throw new Error("refused");
    },
    stop() {
      log.push("stop");
    },
    async joinGroup(group) {
      log.push(`join ${group}`);
    },
    async sendToGroup(group, content) {
      log.push(`send ${group} ${content.action.type}`);
      const answer = reply(content);
      if (answer !== undefined) {
        setTimeout(
          () =>
            listener?.({
              message: { kind: "groupData", group, dataType: "json", data: answer },
            } as OnGroupDataMessageArgs),
          5,
        );
      }
    },
    on(_event, l) {
      listener = l;
    },
  };
  return { client, log };
}

describe("createActionDispatcher", () => {
  it("joins the call's group, sends the action and returns the worker's ack", async () => {
    const tokens = service();
    const { client, log } = fakeClient((m) => ({ kind: "ack", actionId: m.actionId, ok: true }));
    const dispatch = createActionDispatcher({
      service: tokens,
      createClient: () => client,
      newActionId: () => "id-1",
    });
    await expect(dispatch("c1", { type: "hangUp" })).resolves.toEqual({
      kind: "acknowledged",
      ack: { kind: "ack", actionId: "id-1", ok: true },
    });
    expect(log).toEqual(["start", "join call.c1", "send call.c1 hangUp", "stop"]);
    expect(tokens.tokens).toEqual([
      {
        userId: "functions",
        roles: ["webpubsub.joinLeaveGroup.call.c1", "webpubsub.sendToGroup.call.c1"],
        expirationTimeInMinutes: 5,
      },
    ]);
  });

  it("sends who asked along with the action, when it is known", async () => {
    const sent: ActionMessage[] = [];
    const { client } = fakeClient((m) => {
      sent.push(m);
      return { kind: "ack", actionId: m.actionId, ok: true };
    });
    const dispatch = createActionDispatcher({
      service: service(),
      createClient: () => client,
      newActionId: () => "id-2",
    });
    await dispatch("c1", { type: "whisper", text: "offer a callback" }, "sam@contoso.com");
    await dispatch("c1", { type: "hangUp" });
    expect(sent).toEqual([
      {
        kind: "action",
        actionId: "id-2",
        action: { type: "whisper", text: "offer a callback" },
        requestedBy: "sam@contoso.com",
      },
      { kind: "action", actionId: "id-2", action: { type: "hangUp" } },
    ]);
  });

  it("ignores acks of other actions and malformed replies, then times out", async () => {
    const { client, log } = fakeClient(() => ({ kind: "ack", actionId: "someone-else", ok: true }));
    const dispatch = createActionDispatcher({
      service: service(),
      createClient: () => client,
      ackTimeoutMs: 50,
    });
    await expect(dispatch("c1", { type: "hangUp" })).resolves.toEqual({ kind: "timeout" });
    expect(log.at(-1)).toBe("stop");
  });

  it("finds no owner without asking for a token, and reports an unreachable service", async () => {
    const tokens = service(false);
    const dispatch = createActionDispatcher({
      service: tokens,
      createClient: () => fakeClient(() => undefined).client,
    });
    await expect(dispatch("c1", { type: "hangUp" })).resolves.toEqual({ kind: "no-owner" });
    expect(tokens.tokens).toEqual([]);

    const { client, log } = fakeClient(() => undefined, true);
    const failing = createActionDispatcher({ service: service(), createClient: () => client });
    await expect(failing("c1", { type: "hangUp" })).resolves.toEqual({ kind: "unavailable" });
    expect(log).toEqual(["start", "stop"]);
  });
});
