// Supervisors have names: in Azure the monitor routes trust the principal App Service authentication
// injects (only while the platform says it is on), check the app roles for watching and for acting, and
// every action is logged with who asked, what and the masked target; whispers are rate-limited per
// supervisor. Observed as a client and a log sink would see it, and as Web PubSub receives the action.
import type { ActionMessage } from "@acs-voice/shared";
import type { OnGroupDataMessageArgs } from "@azure/web-pubsub-client";
import { describe, expect, it } from "vitest";
import {
  createActionDispatcher,
  type GroupClient,
  type TokenService,
} from "../../src/control-plane/action-dispatcher.js";
import { actionsRoute } from "../../src/monitor/actions-route.js";
import type { MonitorAccess } from "../../src/monitor/monitor-auth.js";
import { monitorPageRoute } from "../../src/monitor/monitor-page-route.js";
import { negotiateRoute } from "../../src/monitor/negotiate-route.js";
import { WhisperRateLimit } from "../../src/monitor/whisper-rate-limit.js";
import { call, callLogged, request } from "./helpers.js";

const easyAuth: MonitorAccess = { kind: "app-service-auth", enabled: true };
const easyAuthOff: MonitorAccess = { kind: "app-service-auth", enabled: false };

/** The headers App Service authentication sets for a signed-in Entra ID user (decoded shape per the docs). */
function signedIn(name: string, roles: string[], roleType = "roles"): Record<string, string> {
  const principal = {
    auth_typ: "aad",
    name_typ: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
    role_typ: roleType,
    claims: [
      { typ: "preferred_username", val: name },
      { typ: "http://schemas.microsoft.com/identity/claims/objectidentifier", val: "oid-1" },
      ...roles.map((role) => ({ typ: roleType, val: role })),
    ],
  };
  return {
    "x-ms-client-principal": Buffer.from(JSON.stringify(principal)).toString("base64"),
    "x-ms-client-principal-name": name,
    "x-ms-client-principal-id": "oid-1",
    "x-ms-client-principal-idp": "aad",
  };
}

const reader = signedIn("rita@contoso.com", ["Monitor.Read"]);
const supervisor = signedIn("sam@contoso.com", ["Monitor.Read", "Calls.Act"]);

/** Web PubSub as the dispatcher sees it: a group with a worker that acknowledges every action. */
function webPubSub() {
  const received: ActionMessage[] = [];
  const service: TokenService = {
    async groupExists() {
      return true;
    },
    async getClientAccessToken() {
      return { url: "wss://example.webpubsub.azure.com/client" };
    },
  };
  const createClient = (): GroupClient => {
    let listener: ((e: OnGroupDataMessageArgs) => void) | undefined;
    return {
      async start() {},
      stop() {},
      async joinGroup() {},
      async sendToGroup(group, content) {
        received.push(content);
        setTimeout(() =>
          listener?.({
            message: {
              kind: "groupData",
              group,
              dataType: "json",
              data: { kind: "ack", actionId: content.actionId, ok: true },
            },
          } as OnGroupDataMessageArgs),
        );
      },
      on(_event, l) {
        listener = l;
      },
    };
  };
  return { received, dispatch: createActionDispatcher({ service, createClient }) };
}

function postAction(headers: Record<string, string>, body: unknown, id = "call-1") {
  return request(`/api/calls/${id}/actions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

describe("monitor access in Azure (App Service authentication)", () => {
  it("lets a signed-in reader watch: the page, and a negotiate answer naming them as watch-only", async () => {
    const page = await call(
      monitorPageRoute({ access: easyAuth }),
      request("/api/monitor", { headers: reader }),
    );
    expect(page.status).toBe(200);
    const negotiate = negotiateRoute({
      access: easyAuth,
      service: {
        async getClientAccessToken() {
          return { url: "wss://example.webpubsub.azure.com/client/hubs/calls?access_token=x" };
        },
      },
    });
    const answer = await call(negotiate, request("/api/monitor/negotiate", { headers: reader }));
    expect(answer).toMatchObject({ status: 200, json: { supervisor: "rita@contoso.com", canAct: false } });
    const full = await call(negotiate, request("/api/monitor/negotiate", { headers: supervisor }));
    expect(full.json).toMatchObject({ supervisor: "sam@contoso.com", canAct: true });
  });

  it("refuses 401 without a signed-in principal, and 403 without the role", async () => {
    const page = monitorPageRoute({ access: easyAuth });
    expect((await call(page, request("/api/monitor"))).status).toBe(401);
    const nobody = signedIn("eve@contoso.com", []);
    const refused = await call(page, request("/api/monitor", { headers: nobody }));
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.json)).toContain("Monitor.Read");
    const garbled = { "x-ms-client-principal": "%%%not-base64-json%%%" };
    expect((await call(page, request("/api/monitor", { headers: garbled }))).status).toBe(401);
  });

  it("never trusts principal headers while App Service authentication is off (anyone could send them)", async () => {
    const { received, dispatch } = webPubSub();
    const forged = await call(
      actionsRoute({ access: easyAuthOff, dispatch }),
      postAction(supervisor, { type: "hangUp" }),
    );
    expect(forged.status).toBe(503);
    expect(JSON.stringify(forged.json)).toContain("MONITOR_AUTH_CLIENT_ID");
    const page = await call(
      monitorPageRoute({ access: easyAuthOff }),
      request("/api/monitor", { headers: reader }),
    );
    expect(page.status).toBe(503);
    expect(received).toEqual([]);
  });

  it("reads app roles under the role claim type Easy Auth names (role_typ)", async () => {
    const { dispatch } = webPubSub();
    const longForm = signedIn(
      "sam@contoso.com",
      ["Calls.Act"],
      "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
    );
    const response = await call(
      actionsRoute({ access: easyAuth, dispatch }),
      postAction(longForm, { type: "hangUp" }),
    );
    expect(response.status).toBe(200);
  });

  it("lets only Calls.Act act, and logs who was refused; nothing reaches Web PubSub", async () => {
    const { received, dispatch } = webPubSub();
    const { response, lines } = await callLogged(
      actionsRoute({ access: easyAuth, dispatch }),
      postAction(reader, { type: "hangUp" }),
    );
    expect(response.status).toBe(403);
    expect(JSON.stringify(response.json)).toContain("Calls.Act");
    expect(lines).toEqual([
      {
        level: "warn",
        message: "supervisor action refused",
        fields: { principal: "rita@contoso.com", status: 403 },
      },
    ]);
    expect(received).toEqual([]);
  });
});

describe("the supervisor action audit", () => {
  it("logs principal, action, call and masked target; the worker receives who asked", async () => {
    const { received, dispatch } = webPubSub();
    const route = actionsRoute({ access: easyAuth, dispatch });
    const transfer = await callLogged(
      route,
      postAction(supervisor, { type: "transfer", target: "+14255550123" }),
    );
    expect(transfer.response.status).toBe(200);
    expect(transfer.lines).toEqual([
      {
        level: "info",
        message: "supervisor action",
        fields: {
          principal: "sam@contoso.com",
          action: "transfer",
          callConnectionId: "call-1",
          target: expect.stringMatching(/\*/),
          outcome: "done",
        },
      },
    ]);
    expect(JSON.stringify(transfer.lines)).not.toContain("4255550123");

    const whisper = await callLogged(
      route,
      postAction(supervisor, { type: "whisper", text: "offer a refund" }),
    );
    expect(whisper.lines.map((line) => line.fields)).toEqual([
      {
        principal: "sam@contoso.com",
        action: "whisper",
        callConnectionId: "call-1",
        target: undefined,
        outcome: "done",
      },
    ]);
    // What was whispered is the call's content, not audit data: it is never logged.
    expect(JSON.stringify(whisper.lines)).not.toContain("refund");

    expect(received.map((message) => [message.action.type, message.requestedBy])).toEqual([
      ["transfer", "sam@contoso.com"],
      ["whisper", "sam@contoso.com"],
    ]);
  });

  it("names the local token, which is shared, as such", async () => {
    const { received, dispatch } = webPubSub();
    const local: MonitorAccess = { kind: "local-token", token: "a-local-monitor-token" };
    const { lines } = await callLogged(
      actionsRoute({ access: local, dispatch }),
      postAction({ authorization: "Bearer a-local-monitor-token" }, { type: "hangUp" }),
    );
    expect(lines[0]?.fields).toMatchObject({ principal: "local-monitor-token", action: "hangUp" });
    expect(received[0]?.requestedBy).toBe("local-monitor-token");
  });
});

describe("whisper rate limit", () => {
  it("answers 429 with Retry-After once a supervisor has whispered ten times in a minute; others go on", async () => {
    let nowMs = Date.parse("2026-05-01T10:00:00Z");
    const whispers = new WhisperRateLimit({ whispers: 10, windowMs: 60_000 }, () => new Date(nowMs));
    const { received, dispatch } = webPubSub();
    const route = actionsRoute({ access: easyAuth, dispatch, whispers });
    const whisper = (who: Record<string, string>) => postAction(who, { type: "whisper", text: "slow down" });

    for (let i = 0; i < 10; i++) {
      expect((await call(route, whisper(supervisor))).status).toBe(200);
      nowMs += 1000;
    }
    const limited = await callLogged(route, whisper(supervisor));
    expect(limited.response.status).toBe(429);
    // The first whisper leaves the window 60 s after it was sent: 50 s from now.
    expect(limited.response.headers?.["retry-after"]).toBe("50");
    expect(limited.lines.map((line) => [line.level, line.fields?.outcome])).toEqual([
      ["warn", "rate-limited"],
    ]);
    expect(received).toHaveLength(10);

    // Another supervisor has a window of their own; hang-ups and transfers are never limited.
    const colleague = signedIn("kim@contoso.com", ["Monitor.Read", "Calls.Act"]);
    expect((await call(route, whisper(colleague))).status).toBe(200);
    expect((await call(route, postAction(supervisor, { type: "hangUp" }))).status).toBe(200);

    nowMs += 50_000;
    expect((await call(route, whisper(supervisor))).status).toBe(200);
  });
});
