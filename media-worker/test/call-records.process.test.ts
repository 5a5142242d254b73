/**
 * Call records survive a crash: the built worker (`dist/main.js`) writes each completed turn to Table
 * Storage (Azurite) as it happens; it is killed with SIGKILL mid-call, and every turn completed before
 * that is in the record, with the caller's and the bot's words, the latency and the token usage.
 */
import { type ChildProcess, fork } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  type AcsEmulator,
  buildCallerAudio,
  mediaWorkerEnv,
  type Scenario,
  startAcsEmulator,
  startMediaClient,
  startVoiceLiveEmulator,
} from "@acs-voice/local";
import { TableClient } from "@azure/data-tables";
import { afterEach, describe, expect, it } from "vitest";
import { type Azurite, startAzurite } from "../../local/src/azurite/index.js";
import { GREETING, REPLY_ADDRESS, REPLY_BYE, REPLY_ORDER, voice } from "./bridge-harness.js";
import { waitFor } from "./worker-harness.js";

const mainPath = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const scenario: Scenario = {
  greeting: GREETING,
  turns: [
    { caller: "Where is my order?", reply: REPLY_ORDER },
    { caller: "And the address?", reply: REPLY_ADDRESS },
    { caller: "Thanks a lot.", reply: REPLY_BYE },
  ],
};

function startWorkerProcess(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  if (!existsSync(mainPath))
    throw new Error("media-worker/dist/main.js is missing: run `npm run build` first");
  const child = fork(mainPath, [], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`worker exited early (${code})`)));
    child.on("message", (message: { type?: string; port?: number }) => {
      if (message.type === "media-worker-listening" && message.port) resolve({ child, port: message.port });
    });
  });
}

describe("call records", () => {
  it("has every completed turn in Table Storage after the worker is killed mid-call", {
    timeout: 90_000,
  }, async () => {
    const azurite: Azurite = await startAzurite();
    cleanups.push(() => azurite.close());
    const acs: AcsEmulator = await startAcsEmulator();
    cleanups.push(() => acs.close());
    const voiceLive = await startVoiceLiveEmulator({ scenario, synthesize: (text, hz) => voice(text, hz) });
    cleanups.push(() => voiceLive.close());
    const { child, port } = await startWorkerProcess({
      ...mediaWorkerEnv({ acs, voiceLive, tables: azurite }),
      PORT: "0",
      GREETING: "Greet the caller.",
      // The test dials the worker itself: no functions app, no call ticket.
      CALL_TICKETS: "off",
      LOG_LEVEL: "silent",
    });
    const caller = buildCallerAudio(scenario, 24_000, {
      synthesize: voice,
      greetingDelayMs: 1_000,
      replyDelayMs: 1_500,
      gapAfterReplyMs: 1_200,
      trailingSilenceMs: 1_500,
    });
    const client = startMediaClient({
      transportUrl: `ws://127.0.0.1:${port}/media`,
      authorization: `Bearer ${await acs.mintToken("valid")}`,
      callConnectionId: "conn-sigkill",
      correlationId: "corr-sigkill",
      format: "pcm24KMono",
      caller: caller.samples,
      clock: { speed: 2 },
    });
    cleanups.push(async () => client.hangUp());

    // greeting + the first two answers done; the third turn is still to come
    await waitFor(
      () => (voiceLive.sessions[0]?.sent.filter((e) => e.type === "response.done").length ?? 0) >= 3,
      40_000,
      "two answered turns",
    );
    await new Promise((resolve) => setTimeout(resolve, 500)); // a turn's write takes milliseconds
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));

    const table = TableClient.fromConnectionString(azurite.connectionString, "callrecords", {
      allowInsecureConnection: true,
    });
    const rows: Record<string, unknown>[] = [];
    for await (const entity of table.listEntities({
      queryOptions: { filter: "PartitionKey eq 'conn-sigkill'" },
    })) {
      rows.push(entity as Record<string, unknown>);
    }
    const turns = rows.filter((r) => String(r.rowKey).startsWith("turn-"));
    expect(turns.map((t) => t.rowKey)).toEqual(["turn-000001", "turn-000002", "turn-000003"]);
    expect(turns.map((t) => t.botText)).toEqual([GREETING, REPLY_ORDER, REPLY_ADDRESS]);
    expect(turns.map((t) => t.callerText)).toEqual(["", "Where is my order?", "And the address?"]);
    for (const turn of turns.slice(1)) {
      expect(turn.latencyMs).toEqual(expect.any(Number));
      expect(Number(turn.outputAudioTokens)).toBeGreaterThan(0);
    }
    const summary = rows.find((r) => r.rowKey === "call");
    expect(summary).toMatchObject({ turnCount: 3, callState: "active" });
    expect(Number(summary?.estimatedCostUsd)).toBeGreaterThan(0);
    expect(summary?.endReason).toBeUndefined(); // the worker never got to write the end
  });
});
