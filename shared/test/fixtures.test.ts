import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixturesDir, listFixtures, readFixtureJson } from "./fixtures.js";

interface IndexEntry {
  file: string;
  source: string;
  licence: string;
  kind: string;
}

const kinds = new Set(["recorded", "documented", "sdk-output", "sdk-test", "synthetic"]);

describe("repository fixtures", () => {
  it("live inside the repository, so a plain clone tests on its own", () => {
    expect(existsSync(join(fixturesDir, "..", "package.json"))).toBe(true);
    expect(listFixtures("acs").length).toBeGreaterThan(10);
    expect(listFixtures("voicelive").length).toBeGreaterThan(10);
  });

  it.each(["acs", "seed", "voicelive", "voicelive/real"])(
    "%s: every file has an INDEX entry with its source, licence and kind, and every entry a file",
    (folder) => {
      const index = readFixtureJson<IndexEntry[]>(folder, "INDEX.json");
      const files = listFixtures(folder);
      expect(index.map((entry) => entry.file).sort()).toEqual(files);
      for (const entry of index) {
        expect(entry.source.length, entry.file).toBeGreaterThan(5);
        expect(entry.licence.length, entry.file).toBeGreaterThan(2);
        expect(kinds.has(entry.kind), `${entry.file}: ${entry.kind}`).toBe(true);
      }
    },
  );
});
