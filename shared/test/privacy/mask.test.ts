import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskIdentifier, maskPhoneNumber } from "../../src/privacy/index.js";

describe("maskPhoneNumber", () => {
  it("keeps country/area code and the last two digits", () => {
    expect(maskPhoneNumber("+14255550123")).toBe("+1425*****23");
    expect(maskPhoneNumber("+442071234567")).toBe("+4420******67");
  });

  it("masks ACS phone raw ids and keeps their prefix", () => {
    expect(maskPhoneNumber("4:+14255550123")).toBe("4:+1425*****23");
  });

  it("hides at least five digits of short national numbers, giving up leading ones", () => {
    expect(maskPhoneNumber("+3531234567")).toBe("+353*****67");
    expect(maskPhoneNumber("+491234567")).toBe("+49*****67");
  });

  it("masks short values entirely", () => {
    expect(maskPhoneNumber("+1911")).toBe("*****");
    expect(maskPhoneNumber("")).toBe("");
  });

  it("never lets the subscriber part through", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+[1-9]\d{9,14}$/), (number) => {
        const masked = maskPhoneNumber(number);
        expect(masked).toHaveLength(number.length);
        expect(masked).not.toContain(number.slice(5, -2));
        expect(masked.slice(5, -2)).toMatch(/^\*+$/);
      }),
    );
  });
});

describe("maskIdentifier", () => {
  const acsUser = "8:acs:6d889502-3d7a-41a8-befa-d21fd80e8767_00000027-4651-bfa5-2c8a-084822002c21";

  it("keeps the kind prefix and a short tail of communication user ids", () => {
    expect(maskIdentifier(acsUser)).toBe("8:acs:***2c21");
  });

  it("keeps other kind prefixes", () => {
    expect(maskIdentifier("8:orgid:0a1b2c3d-1111-2222-3333-444455556666")).toBe("8:orgid:***6666");
    expect(maskIdentifier("28:gcch:0a1b2c3d-1111-2222-3333-444455556666")).toBe("28:gcch:***6666");
  });

  it("masks phone raw ids like phone numbers", () => {
    expect(maskIdentifier("4:+18662315126")).toBe("4:+1866*****26");
  });

  it("masks unknown formats without leaking short values", () => {
    expect(maskIdentifier("sanitized")).toBe("***");
    expect(maskIdentifier("")).toBe("");
  });
});
