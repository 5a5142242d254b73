// `npm start` when things go wrong: it says what failed and which log tells more, stops every child
// process and exits 1, whether a child fails to start or the user presses Ctrl-C mid-call.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const startCli = fileURLToPath(new URL("../../dist/cli/start.js", import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const outDirs: string[] = [];

afterAll(() => {
  for (const dir of outDirs) rmSync(dir, { recursive: true, force: true });
});

interface Finished {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  run: {
    ok: boolean;
    failure?: { what: string; logFile?: string };
    processes: { name: string; pid: number }[];
  };
}

function start(args: string[], onStdout?: (text: string, child: ChildProcess) => void): Promise<Finished> {
  const outDir = mkdtempSync(join(tmpdir(), "offline-call-fail-"));
  outDirs.push(outDir);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [startCli, ...args, "--out", outDir, "--timeout", "40"], {
      env: { ...process.env, CI: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout, child);
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("exit", (exitCode) => {
      const [folder] = readdirSync(outDir);
      const run = JSON.parse(readFileSync(join(outDir, folder ?? "", "run.json"), "utf8")) as Finished["run"];
      resolve({ exitCode, stdout, stderr, run });
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("npm start failures", () => {
  it("names the child that failed to start and its log, stops the others, exits 1", async () => {
    const result = await start(["--scenario", fixture("invalid-scenario.json")]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      "FAILED: voicelive-emulator failed to start: Invalid scenario at turns.0",
    );
    expect(result.stderr).toMatch(/see .*logs\/voicelive-emulator\.log/);
    expect(result.run.ok).toBe(false);
    expect(result.run.processes.length).toBeGreaterThan(0);
    for (const { pid } of result.run.processes) expect(isAlive(pid)).toBe(false);
  }, 30_000);

  it("stops every child on Ctrl-C mid-call and exits 1", async () => {
    let interrupted = false;
    const result = await start(
      ["--scenario", fixture("short-call.json"), "--format", "16k"],
      (stdout, child) => {
        if (!interrupted && stdout.includes("media connected")) {
          interrupted = true;
          child.kill("SIGINT");
        }
      },
    );
    expect(interrupted).toBe(true);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("FAILED: interrupted (Ctrl-C)");
    expect(result.run.processes.map((p) => p.name).sort()).toEqual([
      "acs-emulator",
      "azurite",
      "functions",
      "media-worker",
      "voicelive-emulator",
      "webpubsub-emulator",
    ]);
    for (const { pid } of result.run.processes) expect(isAlive(pid)).toBe(false);
  }, 40_000);

  it.runIf(process.platform === "linux")(
    "leaves no child behind even when the runner itself is killed (SIGKILL) mid-call",
    async () => {
      let children: number[] = [];
      const outDir = mkdtempSync(join(tmpdir(), "offline-call-kill-"));
      outDirs.push(outDir);
      await new Promise<void>((resolve) => {
        const runner = spawn(
          process.execPath,
          [startCli, "--scenario", fixture("short-call.json"), "--out", outDir],
          {
            env: { ...process.env, CI: "1" },
            stdio: ["ignore", "pipe", "ignore"],
          },
        );
        let stdout = "";
        runner.stdout?.on("data", (chunk: Buffer) => {
          stdout += chunk.toString();
          if (children.length === 0 && stdout.includes("media connected")) {
            const listed = spawnSync("ps", ["-o", "pid=", "--ppid", String(runner.pid)], {
              encoding: "utf8",
            });
            children = listed.stdout.split(/\s+/).filter(Boolean).map(Number);
            runner.kill("SIGKILL");
          }
        });
        runner.on("exit", () => resolve());
      });
      expect(children).toHaveLength(6);
      const deadline = Date.now() + 8000;
      while (children.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      // Named by their command line, so a failure says which child outlived the runner.
      const survivors = children
        .filter(isAlive)
        .map(
          (pid) =>
            spawnSync("ps", ["-o", "args=", "-p", String(pid)], { encoding: "utf8" }).stdout.trim() ||
            String(pid),
        );
      expect(survivors).toEqual([]);
    },
    40_000,
  );
});
