/**
 * What is kept and published of a call, over real sockets on 127.0.0.1 (ACS media client → media worker
 * → Voice Live emulator): the call record as it lands in Table Storage (Azurite), and the monitor's
 * messages as the worker hands them to Web PubSub. The caller keys a PIN and the model reads it back:
 * the digits are in neither. With CALL_RECORDS_TRANSCRIPTS=false the turn rows hold no words at all,
 * while the live monitor still shows the (redacted) conversation.
 */
import { type AcsEmulator, type Scenario, startAcsEmulator } from "@acs-voice/local";
import { TableClient } from "@azure/data-tables";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Azurite, startAzurite } from "../../local/src/azurite/index.js";
import type { ChannelClient } from "../src/control-plane/call-channel.js";
import { superviseCalls } from "../src/control-plane/supervise-calls.js";
import { WorkerControlPlane } from "../src/control-plane/worker-control-plane.js";
import { silentLogger } from "../src/logger.js";
import { REDACTED } from "../src/session/keyed-digits.js";
import { runCall } from "./bridge-harness.js";
import { waitFor } from "./worker-harness.js";

const PIN = "4921";
const READ_BACK = "Thank you, your PIN 4 9 2 1 is confirmed.";
const READ_BACK_STORED = `Thank you, your PIN ${REDACTED} is confirmed.`;
/** Long enough (60 ms a character) that the keys and the read-back happen while the caller listens. */
const GREETING =
  "Hello and thanks for calling the account line. Please key in your four digit PIN, then the hash key.";
const scenario: Scenario = { greeting: GREETING, fallbackReply: READ_BACK, turns: [] };
const TABLE = "callrecords";

let acs: AcsEmulator;
let azurite: Azurite;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  [acs, azurite] = await Promise.all([startAcsEmulator(), startAzurite()]);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await Promise.all([acs?.close(), azurite?.close()]);
});

/** The control plane with the Web PubSub socket replaced by a recorder of what would be sent. */
function recordedMonitor() {
  const published: string[] = [];
  const client: ChannelClient = {
    start: async () => {},
    stop: () => {},
    joinGroup: async () => {},
    leaveGroup: async () => {},
    async sendToGroup(_group, content) {
      published.push(JSON.stringify(content));
    },
    on: () => {},
  };
  const plane = new WorkerControlPlane({
    service: { getClientAccessToken: async () => ({ url: "ws://127.0.0.1:9/client" }) },
    workerId: "worker-test",
    logger: silentLogger(),
    createClient: () => client,
  });
  cleanups.push(() => plane.close());
  return {
    published,
    onCallStarted: superviseCalls(plane, { logger: silentLogger(), transferNumber: () => undefined }),
  };
}

/** One call in which the caller keys the PIN during the greeting; returns its rows and what was published. */
async function callWithPin(callConnectionId: string, workerEnv: Record<string, string>) {
  const monitor = recordedMonitor();
  await runCall({
    acs,
    cleanups,
    format: "pcm24KMono",
    scenario,
    speed: 2,
    callConnectionId,
    workerEnv: { CALL_RECORDS_CONNECTION_STRING: azurite.connectionString, ...workerEnv },
    workerDeps: { onCallStarted: monitor.onCallStarted },
    during: async ({ client }) => {
      await waitFor(() => client.received.some((m) => m.kind === "AudioData"), 10_000, "the greeting");
      client.sendDtmf(`${PIN}#`);
    },
  });
  const table = TableClient.fromConnectionString(azurite.connectionString, TABLE, {
    allowInsecureConnection: true,
  });
  const rows = async () => {
    const found: Record<string, unknown>[] = [];
    const listed = table.listEntities({ queryOptions: { filter: `PartitionKey eq '${callConnectionId}'` } });
    for await (const row of listed) found.push(row);
    return found;
  };
  // The record is written behind the call: wait for its end to be in the summary row.
  const ended = (found: Record<string, unknown>[]) =>
    found.some((row) => row.rowKey === "call" && row.callState === "ended");
  const deadline = Date.now() + 10_000;
  let stored = await rows();
  while (!ended(stored)) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the call record's end");
    await new Promise((resolve) => setTimeout(resolve, 50));
    stored = await rows();
  }
  return { stored, published: monitor.published };
}

const mentionsPin = (text: string) => /4\D{0,3}9\D{0,3}2\D{0,3}1/.test(text);

describe("call records and the monitor", () => {
  it("never hold the digits the caller keyed, though the model read them back", {
    timeout: 60_000,
  }, async () => {
    const { stored, published } = await callWithPin("conn-privacy-on", {});
    const turns = stored.filter((row) => String(row.rowKey).startsWith("turn-"));
    expect(turns.map((row) => row.botText)).toContain(READ_BACK_STORED);
    expect(turns.map((row) => row.callerText)).toContain("[5 keypad keys]");
    expect(turns.some((row) => row.botText === GREETING)).toBe(true);
    expect(stored.filter((row) => mentionsPin(JSON.stringify(row)))).toEqual([]);

    expect(published.some((message) => message.includes(READ_BACK_STORED))).toBe(true);
    expect(published.filter(mentionsPin)).toEqual([]);
  });

  it("keep no words at all with CALL_RECORDS_TRANSCRIPTS=false; the live monitor still shows them", {
    timeout: 60_000,
  }, async () => {
    const { stored, published } = await callWithPin("conn-privacy-off", {
      CALL_RECORDS_TRANSCRIPTS: "false",
    });
    const turns = stored.filter((row) => String(row.rowKey).startsWith("turn-"));
    expect(turns.length).toBeGreaterThanOrEqual(2);
    for (const turn of turns) {
      expect(turn).not.toHaveProperty("callerText");
      expect(turn).not.toHaveProperty("botText");
      expect(turn).toHaveProperty("status");
      expect(turn).toHaveProperty("turnIndex");
    }
    expect(stored.find((row) => row.rowKey === "call")).toMatchObject({
      callState: "ended",
      dtmfSequences: 1,
    });
    expect(published.some((message) => message.includes(READ_BACK_STORED))).toBe(true);
    expect(published.filter(mentionsPin)).toEqual([]);
  });
});
