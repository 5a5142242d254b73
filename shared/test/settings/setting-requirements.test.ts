// What must be set, read from a declaration of settings: required ones, then groups of alternatives.
import { describe, expect, it } from "vitest";
import { settingRequirements } from "../../src/settings/setting-requirements.js";
import type { SettingSpec } from "../../src/settings/setting-spec.js";

const specs: readonly SettingSpec[] = [
  { name: "KEY", required: "access", description: "key auth" },
  { name: "AUDIENCE", required: true, description: "token audience" },
  { name: "ENDPOINT", required: "access", description: "identity auth" },
  { name: "CLIENT_ID", required: false, requiredInAzure: true, description: "identity" },
  { name: "PORT", required: false, default: "8080", description: "port" },
  { name: "URL", required: true, description: "where" },
];

describe("settingRequirements", () => {
  it("lists required settings in order, then each group of alternatives", () => {
    expect(settingRequirements(specs)).toEqual([["AUDIENCE"], ["URL"], ["KEY", "ENDPOINT"]]);
  });

  it("adds what a deployment to Azure needs besides", () => {
    expect(settingRequirements(specs, { inAzure: true })).toEqual([
      ["AUDIENCE"],
      ["CLIENT_ID"],
      ["URL"],
      ["KEY", "ENDPOINT"],
    ]);
  });
});
