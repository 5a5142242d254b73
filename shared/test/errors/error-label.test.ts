// The safe error label: what real errors of the libraries we call turn into, and that no message, URL,
// token or phone number ever comes through.
import { createServer } from "node:net";
import { RestError } from "@azure/core-rest-pipeline";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { errorLabel } from "../../src/errors/error-label.js";

describe("errorLabel", () => {
  it("names an Azure SDK RestError by class, service code and HTTP status", () => {
    const error = new RestError("The table specified does not exist. RequestId:1234 Time:2026-01-01", {
      code: "TableNotFound",
      statusCode: 404,
    });
    expect(errorLabel(error)).toBe("RestError:TableNotFound:404");
  });

  it("names a failed fetch by the system error under it (a real refused connection)", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = await fetch(`http://127.0.0.1:${port}/api/callbacks?ticket=secret-ticket`).catch(
      (caught: unknown) => caught,
    );
    expect(errorLabel(error)).toBe("TypeError:ECONNREFUSED");
  });

  it("keeps only the name of errors without a code, and the type of thrown non-errors", () => {
    expect(errorLabel(new Error("call +14255550100 failed"))).toBe("Error");
    expect(errorLabel(new RangeError("x"))).toBe("RangeError");
    expect(errorLabel("Bearer eyJhbGciOiJSUzI1NiJ9.payload.signature")).toBe("string");
    expect(errorLabel({ message: "https://acs/calls?sig=abc" })).toBe("object");
    expect(errorLabel(undefined)).toBe("undefined");
  });

  it("drops a name or code that is not a plain identifier (text, a URL, a phone number)", () => {
    const named = new Error("boom");
    named.name = "Failed for +14255550100";
    expect(errorLabel(named)).toBe("Error");
    const coded = Object.assign(new Error("boom"), { code: "https://example.net/?sig=abc" });
    expect(errorLabel(coded)).toBe("Error");
    const phone = Object.assign(new Error("boom"), { code: "+14255550100", statusCode: 42 });
    expect(errorLabel(phone)).toBe("Error");
  });

  it("never contains the message, whatever it says", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 6 }),
        fc.constantFrom<(message: string) => unknown>(
          (message) => new Error(message),
          (message) => new TypeError("fetch failed", { cause: new Error(message) }),
          (message) => new RestError(message, { code: "AuthorizationFailure", statusCode: 403 }),
          (message) => Object.assign(new Error(message), { code: `code ${message}` }),
        ),
        (message, make) => !errorLabel(make(message)).includes(message),
      ),
    );
  });
});
