// The deploy bundle must run with nothing but itself: copied to an empty folder (no node_modules, no
// workspace), it loads and registers every route with @azure/functions (test mode outside the host).
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { packageFunctions } from "./package-functions.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "functions-package-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("packageFunctions", () => {
  it("writes a self-contained folder that registers all four functions", async () => {
    const outDir = await packageFunctions({ repoRoot, outDir: join(work, "package") });
    const manifest = JSON.parse(readFileSync(join(outDir, "package.json"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(manifest).toMatchObject({ type: "module", main: "index.mjs" });
    expect(manifest.dependencies).toBeUndefined();
    expect(JSON.parse(readFileSync(join(outDir, "host.json"), "utf8"))).toMatchObject({ version: "2.0" });

    const isolated = join(work, "isolated");
    cpSync(outDir, isolated, { recursive: true });
    const run = spawnSync(process.execPath, ["index.mjs"], {
      cwd: isolated,
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "" },
    });
    expect(run.status).toBe(0);
    const output = `${run.stdout}${run.stderr}`;
    for (const name of ["incomingCall", "callbacks", "calls", "health"]) {
      expect(output).toContain(`register function "${name}"`);
    }
  }, 60_000);
});
