import { describe, expect, it } from "vitest";
import { phoneNumberReport } from "./phone-numbers.js";

describe("phoneNumberReport", () => {
  it("lists the numbers that accept calls", () => {
    const report = phoneNumberReport(
      [
        { phoneNumber: "+18335550100", capabilities: { calling: "inbound+outbound" } },
        { phoneNumber: "+18335550101", capabilities: { calling: "outbound" } },
      ],
      "acs-abc",
    );
    expect(report).toEqual(["Phone numbers of this bot (call one to talk to it):", "  +18335550100"]);
  });

  it("says exactly how to get a number when there is none, including the opt-in script and its cost", () => {
    const text = phoneNumberReport([], "acs-abc").join("\n");
    expect(text).toContain("has no phone number yet");
    expect(text).toContain("Communication Services 'acs-abc' > Telephony and SMS > Phone numbers");
    expect(text).toContain("npx tsx infra/scripts/buy-phone-number.ts");
    expect(text).toContain("costs money");
  });

  it("points out numbers that cannot receive calls", () => {
    const text = phoneNumberReport(
      [{ phoneNumber: "+18335550101", capabilities: { calling: "outbound" } }],
      "acs-abc",
    ).join("\n");
    expect(text).toContain("none accepts inbound calls");
    expect(text).not.toContain("+18335550101");
  });
});
