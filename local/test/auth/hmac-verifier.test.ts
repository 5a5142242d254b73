// The HMAC verifier against the SDK's own signer (@azure/communication-common's access-key policy, the
// code every Azure SDK client runs): whatever the SDK signs verifies; any change to what was signed,
// or a date outside the 15-minute window, does not.
import { createCommunicationAccessKeyCredentialPolicy } from "@azure/communication-common";
import { AzureKeyCredential } from "@azure/core-auth";
import { createHttpHeaders, createPipelineRequest, type PipelineRequest } from "@azure/core-rest-pipeline";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createHmacVerifier,
  HMAC_MAX_CLOCK_SKEW_MS,
  type SignedRequest,
} from "../../src/auth/hmac-verifier.js";

const accessKey = Buffer.alloc(64, 42).toString("base64");

/** Signs like the SDK and returns the request as the emulator's HTTP server would see it. */
async function sdkSigned(
  method: "GET" | "POST" | "DELETE",
  url: string,
  body?: string,
): Promise<SignedRequest> {
  const request = createPipelineRequest({ url, method, headers: createHttpHeaders(), body });
  const policy = createCommunicationAccessKeyCredentialPolicy(new AzureKeyCredential(accessKey));
  let signed: PipelineRequest | undefined;
  await policy.sendRequest(request, async (r) => {
    signed = r;
    return { request: r, status: 200, headers: createHttpHeaders() };
  });
  const headers = Object.fromEntries(
    [...(signed as PipelineRequest).headers].map(([k, v]) => [k.toLowerCase(), v]),
  );
  const parsed = new URL(url);
  return {
    method,
    pathAndQuery: `${parsed.pathname}${parsed.search}`,
    headers: { ...headers, host: parsed.host },
    body: Buffer.from(body ?? ""),
  };
}

describe("HMAC verification", () => {
  const verify = createHmacVerifier({ accessKey });

  it("accepts whatever the SDK signs (any path, query and JSON body)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.webSegment(),
        fc.json(),
        fc.constantFrom("GET", "POST", "DELETE" as const),
        async (segment, json, method) => {
          const body = method === "POST" ? json : undefined;
          const request = await sdkSigned(
            method,
            `http://127.0.0.1:4123/calling/callConnections/${encodeURIComponent(segment)}?api-version=2026-03-12`,
            body,
          );
          expect(verify(request)).toEqual({ ok: true });
        },
      ),
      { numRuns: 50 },
    );
  });

  it("rejects any change to a signed body", async () => {
    await fc.assert(
      fc.asyncProperty(fc.json(), fc.json(), async (signedBody, sentBody) => {
        fc.pre(signedBody !== sentBody);
        const request = await sdkSigned(
          "POST",
          "http://127.0.0.1:4123/calling/callConnections:answer?api-version=1",
          signedBody,
        );
        expect(verify({ ...request, body: Buffer.from(sentBody) })).toEqual({
          ok: false,
          reason: "content-hash-mismatch",
        });
      }),
      { numRuns: 50 },
    );
  });

  it("rejects a changed method, path, query or host, and another key", async () => {
    const request = await sdkSigned(
      "POST",
      "http://127.0.0.1:4123/calling/callConnections:answer?api-version=1",
      "{}",
    );
    const mismatch = { ok: false, reason: "signature-mismatch" };
    expect(verify({ ...request, method: "PUT" })).toEqual(mismatch);
    expect(verify({ ...request, pathAndQuery: "/calling/callConnections?api-version=1" })).toEqual(mismatch);
    expect(verify({ ...request, pathAndQuery: "/calling/callConnections:answer?api-version=2" })).toEqual(
      mismatch,
    );
    expect(verify({ ...request, headers: { ...request.headers, host: "127.0.0.1:4124" } })).toEqual(mismatch);
    const otherKey = createHmacVerifier({ accessKey: Buffer.alloc(64, 1).toString("base64") });
    expect(otherKey(request)).toEqual(mismatch);
  });

  it("accepts a date up to 15 minutes away and refuses one beyond", async () => {
    const request = await sdkSigned("GET", "http://127.0.0.1:4123/calling/callConnections/x?api-version=1");
    const signedAtMs = Date.parse(String(request.headers["x-ms-date"]));
    const at = (ms: number) => createHmacVerifier({ accessKey, now: () => ms })(request);
    expect(at(signedAtMs + HMAC_MAX_CLOCK_SKEW_MS)).toEqual({ ok: true });
    expect(at(signedAtMs - HMAC_MAX_CLOCK_SKEW_MS)).toEqual({ ok: true });
    expect(at(signedAtMs + HMAC_MAX_CLOCK_SKEW_MS + 1)).toEqual({ ok: false, reason: "stale-date" });
    expect(at(signedAtMs - HMAC_MAX_CLOCK_SKEW_MS - 1)).toEqual({ ok: false, reason: "stale-date" });
  });

  it("names what is wrong with a malformed Authorization header", async () => {
    const request = await sdkSigned("GET", "http://127.0.0.1:4123/calling/callConnections/x?api-version=1");
    const withAuth = (authorization: string | undefined) =>
      verify({ ...request, headers: { ...request.headers, authorization } });
    expect(withAuth(undefined)).toEqual({ ok: false, reason: "missing-authorization" });
    expect(withAuth("Bearer abc")).toEqual({ ok: false, reason: "malformed-authorization" });
    expect(withAuth("HMAC-SHA256 SignedHeaders=host&Signature=abc")).toEqual({
      ok: false,
      reason: "unsupported-signed-headers",
    });
  });
});
