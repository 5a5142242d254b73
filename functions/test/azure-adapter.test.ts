import { HttpRequest, InvocationContext } from "@azure/functions";
import { describe, expect, it } from "vitest";
import { toAzureHandler } from "../src/azure-adapter.js";
import { readJsonBody } from "../src/http/json-body.js";
import type { Route } from "../src/http/route.js";

const echo: Route = {
  name: "echo",
  methods: ["POST"],
  authLevel: "anonymous",
  maxBodyBytes: 64,
  async handle(request, { log }) {
    log.info("echo", { bytes: request.body.byteLength });
    const body = readJsonBody(request, 64);
    if (!body.ok) return body.response;
    return { status: 200, headers: { "x-seen-method": request.method }, json: { echoed: body.value } };
  },
};

function invoke(
  route: Route,
  body: string,
  headers: Record<string, string> = { "content-type": "application/json" },
) {
  const logs: unknown[][] = [];
  const context = new InvocationContext({
    functionName: route.name,
    logHandler: (...args) => logs.push(args),
  });
  const request = new HttpRequest({
    method: "POST",
    url: "http://localhost/api/echo",
    headers,
    body: { string: body },
  });
  return toAzureHandler(route)(request, context).then((response) => ({ response, logs }));
}

describe("toAzureHandler", () => {
  it("maps the request and the JSON response", async () => {
    const { response, logs } = await invoke(echo, '{"a":1}');
    expect(response).toMatchObject({
      status: 200,
      jsonBody: { echoed: { a: 1 } },
      headers: { "x-seen-method": "POST" },
    });
    expect(logs.some((entry) => String(entry[1]).includes('"bytes":7'))).toBe(true);
  });

  it("hands the route at most maxBodyBytes + 1 bytes and answers 413", async () => {
    const { response, logs } = await invoke(echo, JSON.stringify({ big: "x".repeat(10_000) }));
    expect(response.status).toBe(413);
    expect(logs.some((entry) => String(entry[1]).includes('"bytes":65'))).toBe(true);
  });

  it("turns a throwing route into a generic 500 without details", async () => {
    const broken: Route = {
      ...echo,
      async handle() {
        throw new Error("secret detail");
      },
    };
    const { response, logs } = await invoke(broken, "{}");
    expect(response).toMatchObject({ status: 500, jsonBody: { error: { code: "internal-error" } } });
    expect(JSON.stringify(response)).not.toContain("secret detail");
    expect(JSON.stringify(logs)).not.toContain("secret detail");
  });
});
