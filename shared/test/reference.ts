// Where the read-only reference material lives: `../shared` beside the checkout (research notes,
// protocol fixtures captured from the real services). Tests use it as an independent source of truth.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const referenceDir = resolve(repoRoot, "../shared");
export const fixturesDir = join(referenceDir, "fixtures");

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
