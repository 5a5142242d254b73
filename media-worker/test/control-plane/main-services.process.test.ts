/**
 * The built worker (`dist/main.js`) with its run-time services switched on by settings: bad control-plane
 * or App Configuration settings are named (values never echoed) and exit 1; good ones load the store's
 * keys for this environment's label before listening, and SIGTERM still exits 0.
 */
import { type ChildProcess, fork } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  type AppConfigEmulator,
  startAppConfigEmulator,
  startWebPubSubEmulator,
  type WebPubSubEmulator,
} from "@acs-voice/local";
import { afterEach, describe, expect, it } from "vitest";

const mainPath = fileURLToPath(new URL("../../dist/main.js", import.meta.url));
const children: ChildProcess[] = [];
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const close of closers.splice(0)) await close();
});

const BASE = {
  PORT: "0",
  VOICE_LIVE_ENDPOINT: "http://127.0.0.1:9",
  VOICE_LIVE_API_KEY: "k",
  ACS_AUDIENCE: "aud",
  ACS_CONNECTION_STRING: "endpoint=http://127.0.0.1:9/;accesskey=a2V5",
  STORAGE_TABLE_ENDPOINT: "http://127.0.0.1:9/devstoreaccount1",
  LOG_LEVEL: "info",
};

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
  const listening = new Promise<number>((resolve) =>
    child.on("message", (m: { type?: string; port?: number }) => {
      if (m.type === "media-worker-listening" && typeof m.port === "number") resolve(m.port);
    }),
  );
  return { child, exited, listening, output: () => output };
}

describe("media-worker main with App Configuration and the control plane", () => {
  it("names bad settings of both and exits 1 without echoing their values", async () => {
    const worker = start({
      ...BASE,
      WEB_PUBSUB_CONNECTION_STRING: "Endpoint=http://example.com;AccessKey=very-secret-key;Version=1.0;",
      APP_CONFIGURATION_ENDPOINT: "ftp://store-secret-name",
      APP_CONFIGURATION_REFRESH_SECONDS: "0",
      VAD_THRESHOLD: "7",
    });
    expect(await worker.exited).toBe(1);
    const output = worker.output();
    for (const setting of [
      "WEB_PUBSUB_CONNECTION_STRING",
      "APP_CONFIGURATION_ENDPOINT",
      "APP_CONFIGURATION_REFRESH_SECONDS",
      "VAD_THRESHOLD",
    ]) {
      expect(output).toContain(setting);
    }
    expect(output).not.toContain("very-secret-key");
    expect(output).not.toContain("store-secret-name");
  });

  it("loads this label's keys before listening, and stops cleanly", async () => {
    const store: AppConfigEmulator = await startAppConfigEmulator({
      settings: [
        { key: "voicebot:systemPrompt", value: "Store prompt", label: "test" },
        { key: "voicebot:sentinel", value: "1", label: "test" },
      ],
    });
    const wps: WebPubSubEmulator = await startWebPubSubEmulator();
    closers.push(
      () => store.close(),
      () => wps.close(),
    );
    const worker = start({
      ...BASE,
      APP_CONFIGURATION_CONNECTION_STRING: store.connectionString,
      APP_CONFIGURATION_LABEL: "test",
      WEB_PUBSUB_CONNECTION_STRING: wps.connectionString,
    });
    await worker.listening;
    const listings = store.requests.filter((r) => r.path === "/kv");
    expect(listings.length).toBeGreaterThan(0);
    expect(listings.every((r) => r.query.key?.[0] === "voicebot:*" && r.query.label?.[0] === "test")).toBe(
      true,
    );
    // Logs travel on stdout, which may trail the IPC message.
    const deadline = Date.now() + 5000;
    while (!/"msg":"media worker listening"/.test(worker.output()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(worker.output()).toMatch(/"appConfiguration":"on","controlPlane":"on"/);
    expect(worker.output()).not.toContain(store.secret);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  });
});
