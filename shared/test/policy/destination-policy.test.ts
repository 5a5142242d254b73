import { checkDestination, parseDestinationPolicy } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";

const policyOf = (value: string | undefined, defaults: string[] = []) => {
  const parsed = parseDestinationPolicy(value, defaults);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.policy;
};

describe("destination policy", () => {
  it("by default allows only the configured transfer number", () => {
    const policy = policyOf(undefined, ["+14255550199"]);
    expect(checkDestination(policy, "+14255550199")).toEqual({ allowed: true });
    expect(checkDestination(policy, "+14255550198")).toEqual({ allowed: false, reason: "not-allowed" });
    expect(checkDestination(policyOf(undefined), "+14255550199")).toEqual({
      allowed: false,
      reason: "not-allowed",
    });
  });

  it("allows exact numbers and prefixes as listed, and nothing that is not a number", () => {
    const policy = policyOf("+1425*, +442071234567");
    expect(checkDestination(policy, "+14255550100")).toEqual({ allowed: true });
    expect(checkDestination(policy, "+442071234567")).toEqual({ allowed: true });
    expect(checkDestination(policy, "+442071234568")).toMatchObject({ allowed: false });
    expect(checkDestination(policy, "+12065550100")).toMatchObject({ allowed: false });
    expect(checkDestination(policy, "14255550100")).toEqual({ allowed: false, reason: "not-a-number" });
  });

  it("never opens premium, international-network or satellite ranges with a broad prefix", () => {
    const everything = policyOf("+*");
    // the +882 number that passed validation and reached ACS in the security review
    expect(checkDestination(everything, "+88213456789")).toEqual({ allowed: false, reason: "high-risk" });
    expect(checkDestination(everything, "+19005550100")).toEqual({ allowed: false, reason: "high-risk" });
    expect(checkDestination(policyOf("+1*"), "+19765550100")).toMatchObject({ reason: "high-risk" });
    expect(checkDestination(everything, "+14255550100")).toEqual({ allowed: true });
    // listed on purpose: allowed
    expect(checkDestination(policyOf("+1900*"), "+19005550100")).toEqual({ allowed: true });
    expect(checkDestination(policyOf("+88213456789"), "+88213456789")).toEqual({ allowed: true });
  });

  it("names a malformed list without quoting it", () => {
    const parsed = parseDestinationPolicy("+1425*, 555-0100", []);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).not.toContain("555-0100");
  });
});
