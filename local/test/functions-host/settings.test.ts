import { spawn } from "node:child_process";
import { join } from "node:path";
import { ConfigurationError } from "@acs-voice/functions/app";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../../shared/test/fixtures.js";
import { startFunctionsHost } from "../../src/functions-host/index.js";

const REQUIRED = [
  "ACS_AUDIENCE",
  "ACS_CONNECTION_STRING",
  "AzureWebJobsStorage",
  "CALLBACK_BASE_URL",
  "MEDIA_WORKER_URL",
];

describe("functions dev host settings", () => {
  it("refuses to start without settings, naming each one", async () => {
    const error = await startFunctionsHost({ env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    const settings = (error as ConfigurationError).problems.map((p) => p.setting).sort();
    expect(settings).toEqual([...REQUIRED].sort());
    for (const name of REQUIRED) expect((error as Error).message).toContain(name);
  });

  const cli = join(repoRoot, "local/dist/cli/functions-host.js");
  // local/ tests are the integration tier, which builds first: the CLI is always there to run.
  it("the CLI exits non-zero and names the missing settings", async () => {
    const child = spawn(process.execPath, [cli, "--port", "0"], {
      env: { PATH: process.env.PATH ?? "" },
      cwd: join(repoRoot, "local"),
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    for (const name of REQUIRED) expect(stderr).toContain(name);
  });
});
