// The monitor routes as a client sees them: who gets in, what the page and negotiate return, and how
// each outcome of a supervisor action maps to HTTP.
import { createHash } from "node:crypto";
import type { SupervisorAction } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import type { ActionDispatcher, DispatchOutcome } from "../../src/control-plane/action-dispatcher.js";
import { actionsRoute } from "../../src/monitor/actions-route.js";
import type { MonitorAccess } from "../../src/monitor/monitor-auth.js";
import { monitorPageRoute } from "../../src/monitor/monitor-page-route.js";
import { negotiateRoute } from "../../src/monitor/negotiate-route.js";
import { call, request } from "./helpers.js";

const TOKEN = "a-local-monitor-token";
const local: MonitorAccess = { kind: "local-token", token: TOKEN };
const bearer = { authorization: `Bearer ${TOKEN}` };

function recordingDispatcher(outcome: DispatchOutcome) {
  const sent: Array<[string, SupervisorAction]> = [];
  const dispatch: ActionDispatcher = async (id, action) => {
    sent.push([id, action]);
    return outcome;
  };
  return { sent, dispatch };
}

function postAction(id: string, body: unknown, headers: Record<string, string> = bearer, query = "") {
  return request(`/api/calls/${id}/actions${query}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("monitor access", () => {
  const page = monitorPageRoute({ access: local });

  it("accepts the token as a bearer header or as ?token= on the page link", async () => {
    expect((await call(page, request("/api/monitor", { headers: bearer }))).status).toBe(200);
    expect((await call(page, request(`/api/monitor?token=${TOKEN}`))).status).toBe(200);
  });

  it("takes the query token on the page only, never on the API routes", async () => {
    const actions = actionsRoute({
      access: local,
      dispatch: recordingDispatcher({ kind: "timeout" }).dispatch,
    });
    const response = await call(
      actions,
      postAction("call-1", { type: "hangUp" }, { "content-type": "application/json" }, `?token=${TOKEN}`),
    );
    expect(response.status).toBe(401);
  });

  it("refuses a missing or wrong token with 401 and does not echo it", async () => {
    const missing = await call(page, request("/api/monitor"));
    const wrong = await call(
      page,
      request("/api/monitor", { headers: { authorization: "Bearer guess-guess-guess" } }),
    );
    for (const response of [missing, wrong]) {
      expect(response.status).toBe(401);
      expect(response.headers?.["www-authenticate"]).toContain("Bearer");
      expect(JSON.stringify(response.json)).not.toContain("guess");
    }
  });

  it("is closed outside Azure until MONITOR_TOKEN is set", async () => {
    const unset = monitorPageRoute({ access: { kind: "local-token", token: undefined } });
    const response = await call(unset, request("/api/monitor"));
    expect(response.status).toBe(503);
    expect(JSON.stringify(response.json)).toContain("MONITOR_TOKEN");
  });
});

describe("GET /api/monitor", () => {
  it("serves the page with a CSP that allows exactly its own inline script", async () => {
    const response = await call(
      monitorPageRoute({ access: local }),
      request("/api/monitor", { headers: bearer }),
    );
    expect(response.headers?.["content-type"]).toBe("text/html; charset=utf-8");
    const html = response.text ?? "";
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? "";
    const hash = createHash("sha256").update(script).digest("base64");
    expect(response.headers?.["content-security-policy"]).toContain(`script-src 'sha256-${hash}'`);
    expect(response.headers?.["content-security-policy"]).toContain("default-src 'none'");
    // Text from calls is only ever set as text, never parsed as HTML.
    expect(script).not.toMatch(/innerHTML|insertAdjacentHTML|document\.write/);
  });
});

describe("GET /api/monitor/negotiate", () => {
  it("returns a client URL whose token only listens to the monitor group", async () => {
    const requests: unknown[] = [];
    const route = negotiateRoute({
      access: local,
      newId: () => "abc",
      service: {
        async getClientAccessToken(options) {
          requests.push(options);
          return { url: "wss://example.webpubsub.azure.com/client/hubs/calls?access_token=x" };
        },
      },
    });
    const response = await call(route, request("/api/monitor/negotiate", { headers: bearer }));
    expect(response).toMatchObject({ status: 200, json: { url: expect.stringContaining("access_token") } });
    expect(requests).toEqual([
      { userId: "monitor-abc", roles: [], groups: ["monitor"], expirationTimeInMinutes: 60 },
    ]);
    expect(route.route).toBe("monitor/negotiate");
  });

  it("answers 503 when Web PubSub is not configured or refuses", async () => {
    const none = negotiateRoute({ access: local, service: undefined });
    expect((await call(none, request("/api/monitor/negotiate", { headers: bearer }))).status).toBe(503);
    const failing = negotiateRoute({
      access: local,
      service: {
        async getClientAccessToken() {
          throw new Error("boom");
        },
      },
    });
    expect((await call(failing, request("/api/monitor/negotiate", { headers: bearer }))).status).toBe(503);
  });
});

describe("POST /api/calls/{id}/actions", () => {
  it("sends a valid action for the call named in the path and answers 200 once acknowledged", async () => {
    const { sent, dispatch } = recordingDispatcher({
      kind: "acknowledged",
      ack: { kind: "ack", actionId: "a1", ok: true },
    });
    const route = actionsRoute({ access: local, dispatch });
    const response = await call(
      route,
      postAction("call%2D1", { type: "whisper", text: "  offer a callback " }),
    );
    expect(response).toMatchObject({
      status: 200,
      json: { status: "done", action: "whisper", actionId: "a1" },
    });
    expect(sent).toEqual([["call-1", { type: "whisper", text: "offer a callback" }]]);
  });

  it.each([
    [{ kind: "no-owner" }, 404, "call-not-found"],
    [{ kind: "timeout" }, 504, "no-ack"],
    [{ kind: "unavailable" }, 503, "web-pubsub-unavailable"],
    [
      {
        kind: "acknowledged",
        ack: {
          kind: "ack",
          actionId: "a",
          ok: false,
          code: "not-configured",
          message: "no transfer number is configured",
        },
      },
      409,
      "not-configured",
    ],
  ] as Array<[DispatchOutcome, number, string]>)("maps %j to %i", async (outcome, status, code) => {
    const route = actionsRoute({ access: local, dispatch: recordingDispatcher(outcome).dispatch });
    const response = await call(route, postAction("call-1", { type: "transfer" }));
    expect(response.status).toBe(status);
    expect(response.json).toMatchObject({ error: { code } });
  });

  it("refuses bad input with 400/415 before anything is sent", async () => {
    const { sent, dispatch } = recordingDispatcher({ kind: "timeout" });
    const route = actionsRoute({ access: local, dispatch });
    const cases: Array<[ReturnType<typeof postAction>, number, string]> = [
      [postAction("call-1", { type: "explode" }), 400, "invalid-action"],
      [postAction("call-1", { type: "transfer", target: "555-0100" }), 400, "target"],
      [postAction("call-1", { type: "whisper", text: "   " }), 400, "text"],
      [postAction("call-1", { type: "whisper", text: "x".repeat(2001) }), 400, "text"],
      [postAction("call-1", "{not json"), 400, "invalid-json"],
      [postAction("bad%20id%21", { type: "hangUp" }), 400, "invalid-call-id"],
      [
        postAction("call-1", { type: "hangUp" }, { ...bearer, "content-type": "text/plain" }),
        415,
        "unsupported-media-type",
      ],
    ];
    for (const [req, status, mention] of cases) {
      const response = await call(route, req);
      expect(response.status, mention).toBe(status);
      expect(JSON.stringify(response.json)).toContain(mention);
    }
    expect(sent).toEqual([]);
  });

  it("never echoes the input in a 400 (unknown field names are input too)", async () => {
    const route = actionsRoute({
      access: local,
      dispatch: recordingDispatcher({ kind: "timeout" }).dispatch,
    });
    const response = await call(route, postAction("call-1", { type: "hangUp", "<b>+14255550123": 1 }));
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.json)).not.toContain("14255550123");
    expect(JSON.stringify(response.json)).not.toContain("<b>");
  });

  it("requires the token, and answers 503 without Web PubSub", async () => {
    const { sent, dispatch } = recordingDispatcher({ kind: "timeout" });
    expect(
      (await call(actionsRoute({ access: local, dispatch }), postAction("call-1", { type: "hangUp" }, {})))
        .status,
    ).toBe(401);
    expect(sent).toEqual([]);
    const none = actionsRoute({ access: local, dispatch: undefined });
    expect((await call(none, postAction("call-1", { type: "hangUp" }))).status).toBe(503);
  });
});
