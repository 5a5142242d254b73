import { RestError } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { classifyAcsError } from "../src/app.js";

function restError(statusCode: number | undefined, code?: string): RestError {
  return new RestError("ACS said no", { statusCode, ...(code === undefined ? {} : { code }) });
}

describe("classifyAcsError", () => {
  it.each([
    [restError(500), "acs-unavailable", true],
    [restError(503, "ServiceUnavailable"), "acs-unavailable", true],
    [restError(429), "acs-throttled", true],
    [restError(408), "acs-unreachable", true],
    [restError(undefined, "REQUEST_SEND_ERROR"), "acs-unreachable", true],
    [Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }), "acs-unreachable", true],
    [Object.assign(new Error("aborted"), { name: "AbortError" }), "acs-timeout", true],
    [restError(404, "8522"), "call-gone", false],
    [restError(400, "8501"), "call-gone", false],
    [restError(400, "8528"), "call-gone", false],
    [restError(409), "call-gone", false],
    [restError(401), "acs-auth-failed", false],
    [restError(403, "8523"), "acs-auth-failed", false],
    [restError(400, "BadRequest"), "acs-rejected", false],
    ["callConnectionProperties / callConnectionId is missing in createCall result", "acs-unexpected", false],
    [new Error("boom"), "acs-unexpected", false],
  ] as const)("%#: classifies as %s", (error, code, retryable) => {
    expect(classifyAcsError(error)).toMatchObject({ code, retryable });
  });

  it("keeps numeric sub-codes and the status", () => {
    expect(classifyAcsError(restError(404, "8522"))).toEqual({
      code: "call-gone",
      retryable: false,
      statusCode: 404,
      subCode: "8522",
    });
  });
});
