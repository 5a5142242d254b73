import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { messageOfType } from "../../src/runner/ipc-messages.js";
import { ManagedProcess } from "../../src/runner/managed-process.js";

const dir = mkdtempSync(join(tmpdir(), "managed-process-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("managed process", () => {
  it("talks over IPC, logs to its file, and is killed when it ignores SIGTERM", async () => {
    const logFile = join(dir, "stubborn.log");
    const child = new ManagedProcess({
      name: "stubborn",
      modulePath: fileURLToPath(new URL("./fixtures/stubborn-child.mjs", import.meta.url)),
      env: { PATH: process.env.PATH },
      logFile,
      stopGraceMs: 300,
    });
    const ready = await child.waitForMessage(messageOfType("ready"), 5000);
    expect(ready.info.pid).toBe(String(child.pid));
    expect(child.running).toBe(true);

    const [first, second] = await Promise.all([child.stop(), child.stop()]);
    expect(first).toBe(128); // ended by a signal: SIGKILL, after SIGTERM was ignored
    expect(second).toBe(first);
    expect(child.running).toBe(false);
    expect(child.stopping).toBe(true);
    expect(() => process.kill(child.pid ?? -1, 0)).toThrow();
    const log = readFileSync(logFile, "utf8");
    expect(log).toContain("hello from the child");
    expect(log).toContain("ignoring SIGTERM");
  });

  it("rejects a wait when the child exits first, naming it", async () => {
    const child = new ManagedProcess({
      name: "quitter",
      modulePath: fileURLToPath(new URL("./fixtures/quitter-child.mjs", import.meta.url)),
      env: { PATH: process.env.PATH },
      logFile: join(dir, "quitter.log"),
    });
    await expect(child.waitForMessage(messageOfType("ready"), 5000)).rejects.toThrow(
      /quitter exited \(code 3\)/,
    );
    expect(await child.stop()).toBe(3);
  });
});
