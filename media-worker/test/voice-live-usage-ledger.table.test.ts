/**
 * The Voice Live usage ledger in Table Storage (Azurite): what one replica writes, the others read in one
 * query; rows of replicas long gone stop counting and are cleared; two pools on the ledger keep one
 * endpoint's budget together; a store that does not answer leaves the call start to the replica's share.
 */
import { createServer, type Server, type Socket } from "node:net";
import { systemClock } from "@acs-voice/shared";
import { TableClient } from "@azure/data-tables";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Azurite, startAzurite } from "../../local/src/azurite/index.js";
import { silentLogger } from "../src/logger.js";
import { createTableUsageLedger, VOICE_LIVE_USAGE_TABLE } from "../src/voicelive/table-usage-ledger.js";
import { UsageSlots } from "../src/voicelive/usage-slots.js";
import { VoiceLivePool } from "../src/voicelive/voice-live-pool.js";

/** Polls an asynchronous condition until it holds. */
async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let azurite: Azurite;

beforeAll(async () => {
  azurite = await startAzurite();
}, 30_000);
afterAll(async () => {
  await azurite?.close();
});

const ledger = (replicaId: string, connectionString = azurite.connectionString) =>
  createTableUsageLedger({
    target: { connectionString },
    replicaId,
    clock: systemClock,
    wallClock: Date.now,
  });

describe("the usage ledger in Table Storage", () => {
  it("gives each replica the others' rows, not its own, and counts the replicas", async () => {
    const one = ledger("replica-one");
    const two = ledger("replica-two");
    const usage = new UsageSlots();
    usage.add(Date.now(), { connections: 2, tokens: 5_000 });
    await one.write("east", usage.encode(Date.now()));
    await two.write("east", new UsageSlots().encode(Date.now()));

    const seenByTwo = await two.read();
    expect(seenByTwo?.replicas).toBe(2);
    expect(seenByTwo?.others.map((row) => ({ ...row, usage: row.usage.total(Date.now()) }))).toEqual([
      { endpoint: "east", replica: "replica-one", usage: { connections: 2, tokens: 5_000 } },
    ]);
    expect((await one.read())?.others.map((row) => row.replica)).toEqual(["replica-two"]);
  });

  it("stops counting, and clears, the rows of a replica gone for ten minutes", async () => {
    const client = TableClient.fromConnectionString(azurite.connectionString, VOICE_LIVE_USAGE_TABLE, {
      allowInsecureConnection: true,
    });
    await client.upsertEntity({
      partitionKey: "pool",
      rowKey: "east~replica-gone",
      endpoint: "east",
      replica: "replica-gone",
      slots: `${Math.floor(Date.now() / 5_000)}:9:9`,
      seenAt: Date.now() - 11 * 60_000,
    });
    const view = await ledger("replica-sweeper").read();
    expect(view?.others.some((row) => row.replica === "replica-gone")).toBe(false);
    await until(
      () =>
        client.getEntity("pool", "east~replica-gone").then(
          () => false,
          (error: { statusCode?: number }) => error.statusCode === 404,
        ),
      "the stale row to be deleted",
    );
  });

  it("holds an endpoint's budget for two replicas that share it", async () => {
    const pools = ["pool-one", "pool-two"].map(
      (replicaId) =>
        new VoiceLivePool({
          endpoints: [
            {
              name: "shared-east",
              realtimeUrl: "wss://east.test/voice-live/realtime",
              model: "gpt-realtime",
              weight: 1,
              connectionsPerMinute: 3,
              tokensPerMinute: 120_000,
              apiKey: undefined,
              auth: async () => ({}),
            },
          ],
          ledger: ledger(replicaId),
          clock: systemClock,
          wallClock: Date.now,
          logger: silentLogger(),
          tokensPerCallMinute: 0,
          patienceMs: 0,
        }),
    );
    const observer = ledger("observer");
    const chosen: (string | undefined)[] = [];
    for (let i = 0; i < 6; i++) {
      const pool = pools[i % 2] as VoiceLivePool;
      const name = (await pool.next("call"))?.name;
      chosen.push(name);
      // Calls start apart: each replica's row is in the table before the next call.
      const expected = Math.min(3, i + 1);
      await until(async () => {
        const rows = (await observer.read())?.others.filter((row) => row.endpoint === "shared-east") ?? [];
        return rows.reduce((sum, row) => sum + row.usage.total(Date.now()).connections, 0) === expected;
      }, "the replica's row");
    }
    expect(chosen).toEqual(["shared-east", "shared-east", "shared-east", undefined, undefined, undefined]);
    for (const pool of pools) pool.close();
  });

  it("answers within its timeout when the store does not, and the call start goes on within the replica's share", async () => {
    // A port that accepts connections and never answers.
    const held = new Set<Socket>();
    const silent: Server = createServer((socket) => held.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const unreachable = createTableUsageLedger({
        target: {
          connectionString: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${Buffer.from("k").toString("base64")};TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`,
        },
        replicaId: "replica-cut-off",
        clock: systemClock,
        wallClock: Date.now,
        readTimeoutMs: 300,
      });
      expect(await unreachable.read()).toBeUndefined();
      const pool = new VoiceLivePool({
        endpoints: [
          {
            name: "east",
            realtimeUrl: "wss://east.test/voice-live/realtime",
            model: "gpt-realtime",
            weight: 1,
            connectionsPerMinute: 4,
            tokensPerMinute: 120_000,
            apiKey: undefined,
            auth: async () => ({}),
          },
        ],
        ledger: unreachable,
        clock: systemClock,
        wallClock: Date.now,
        logger: silentLogger(),
        tokensPerCallMinute: 0,
        patienceMs: 0,
      });
      // Never having seen the store, it keeps to half the budget (itself and one replica more).
      const chosen = [];
      for (let i = 0; i < 3; i++) chosen.push((await pool.next("call"))?.name);
      expect(chosen).toEqual(["east", "east", undefined]);
      pool.close();
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
