// `npm run dev` before anything is configured: it names every missing setting and the tunnel to set up,
// and starts nothing.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const devCli = fileURLToPath(new URL("../../dist/cli/dev.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "dev-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runDev(cwd: string) {
  return spawnSync(process.execPath, [devCli], {
    cwd,
    env: { PATH: process.env.PATH },
    encoding: "utf8",
    timeout: 10_000,
  });
}

describe("npm run dev", () => {
  it("without .env: names every missing setting and the URLs to expose, then exits 1", () => {
    const result = runDev(dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("No .env here");
    for (const name of ["ACS_AUDIENCE", "MEDIA_WORKER_URL", "CALLBACK_BASE_URL", "VOICE_LIVE_ENDPOINT"]) {
      expect(result.stdout).toContain(`  - ${name}`);
    }
    expect(result.stdout).toContain("devtunnel host -p 7071 -p 8080");
    expect(result.stdout).toContain("/api/incomingCall");
  });

  it("with a partial .env: names only what is still missing, never echoing a value", () => {
    const project = mkdtempSync(join(dir, "project-"));
    writeFileSync(
      join(project, ".env"),
      [
        "ACS_CONNECTION_STRING=endpoint=https://x.communication.azure.com/;accesskey=c2VjcmV0LWtleQ==",
        "ACS_AUDIENCE=resource-id",
        "CALLBACK_BASE_URL=https://abc-7071.devtunnels.ms",
        "AzureWebJobsStorage=UseDevelopmentStorage=true",
        "bad line",
      ].join("\n"),
    );
    const result = runDev(project);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(".env line 5: expected KEY=value");
    expect(result.stdout).toContain("  - MEDIA_WORKER_URL");
    expect(result.stdout).toContain("  - VOICE_LIVE_ENDPOINT");
    expect(result.stdout).not.toContain("  - ACS_AUDIENCE");
    expect(result.stdout).toContain("https://abc-7071.devtunnels.ms/api/incomingCall");
    expect(`${result.stdout}${result.stderr}`).not.toContain("c2VjcmV0LWtleQ==");
  });
});
