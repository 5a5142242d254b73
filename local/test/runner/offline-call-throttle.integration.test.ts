// `npm start -- --throttle` for real: two emulated Voice Live resources, the first refusing every new
// connection with 429 (its connection quota spent). The call still goes through, on the second resource,
// and the summary names each resource's connections, refusals, tokens and time out of rotation.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const startCli = fileURLToPath(new URL("../../dist/cli/start.js", import.meta.url));
const scenarioFile = fileURLToPath(new URL("./fixtures/short-call.json", import.meta.url));

let outDir: string;
let run: { exitCode: number | null; stdout: string; stderr: string };

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), "offline-throttle-"));
  run = await new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        startCli,
        "--scenario",
        scenarioFile,
        "--out",
        outDir,
        "--format",
        "16k",
        "--timeout",
        "45",
        "--throttle",
      ],
      { env: { ...process.env, CI: "1" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("exit", (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}, 60_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

describe("npm start -- --throttle", () => {
  it("places the call on the second resource and summarises both", () => {
    expect(run.stderr).not.toContain("FAILED");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Time to first audio");
    expect(run.stdout).toMatch(
      /Voice Live resource throttled +\| 0 connections, 1 refusal, 0 tokens, \d+\.\d s out of rotation/,
    );
    expect(run.stdout).toMatch(
      /Voice Live resource spare +\| 1 connection, 0 refusals, [1-9]\d* tokens, 0\.0 s out of rotation/,
    );
  });
});
