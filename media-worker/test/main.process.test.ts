/**
 * The worker's entry point as a process (the built `dist/main.js`, as the container runs it): bad
 * settings are named and exit 1 without echoing values; good ones listen; SIGTERM drains and exits 0.
 */
import { type ChildProcess, fork } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const mainPath = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function start(env: Record<string, string>) {
  if (!existsSync(mainPath))
    throw new Error("media-worker/dist/main.js is missing: run `npm run build` first");
  const child = fork(mainPath, [], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe("media-worker main", () => {
  it("names every bad setting and exits 1, without echoing values", async () => {
    const worker = start({
      VOICE_LIVE_ENDPOINT: "not a url super-secret-endpoint",
      VOICE_LIVE_API_KEY: "super-secret-key",
      ACS_AUDIO_FORMAT: "opus",
    });
    expect(await worker.exited).toBe(1);
    const output = worker.output();
    for (const setting of [
      "VOICE_LIVE_ENDPOINT",
      "ACS_AUDIENCE",
      "ACS_AUDIO_FORMAT",
      "ACS_CONNECTION_STRING or ACS_ENDPOINT",
    ]) {
      expect(output).toContain(setting);
    }
    expect(output).not.toContain("super-secret");
  });

  it("listens, answers /healthz and /readyz, and exits 0 on SIGTERM", async () => {
    const worker = start({
      PORT: "0",
      VOICE_LIVE_ENDPOINT: "http://127.0.0.1:9",
      VOICE_LIVE_API_KEY: "super-secret-key",
      ACS_AUDIENCE: "00000000-0000-0000-0000-000000000000",
      ACS_CONNECTION_STRING: "endpoint=http://127.0.0.1:9/;accesskey=c2VjcmV0",
      STORAGE_TABLE_ENDPOINT: "http://127.0.0.1:9/devstoreaccount1",
    });
    const port = await new Promise<number>((resolve, reject) => {
      worker.child.on("message", (message: { type?: string; port?: number }) => {
        if (message.type === "media-worker-listening" && message.port) resolve(message.port);
      });
      void worker.exited.then((code) => reject(new Error(`exited with ${code}: ${worker.output()}`)));
    });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain("media worker stopped");
    expect(worker.output()).not.toContain("super-secret-key");
  });
});
