import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fixturesDir, listFixtures } from "./reference.js";

describe("reference fixtures", () => {
  it("are present beside the checkout, as the tests that compare against them need", () => {
    expect(existsSync(fixturesDir)).toBe(true);
    expect(listFixtures("acs").length).toBeGreaterThan(10);
    expect(listFixtures("voicelive").length).toBeGreaterThan(10);
  });
});
