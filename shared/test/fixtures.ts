// The captured and documented payloads the tests compare against live in `fixtures/` at the repository
// root, each folder with an INDEX.json naming every file's source, licence, what was changed and its kind:
// "recorded" (captured from the real service: an independent oracle), "documented" (a reference example),
// "sdk-output" / "sdk-test" (what an official SDK emits or tests with), "synthetic" (written by us).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const fixturesDir = join(repoRoot, "fixtures");

export function fixturePath(...parts: string[]): string {
  return join(fixturesDir, ...parts);
}

export function readFixtureText(...parts: string[]): string {
  return readFileSync(fixturePath(...parts), "utf8");
}

export function readFixtureJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFixtureText(...parts)) as T;
}

/** Every `.json` fixture file in a folder, INDEX.json excluded. */
export function listFixtures(folder: string): string[] {
  return readdirSync(fixturePath(folder))
    .filter((name) => name.endsWith(".json") && name !== "INDEX.json")
    .sort();
}
