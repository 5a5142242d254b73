/**
 * The Voice Live pool on a fake clock, as connections see it: which endpoint each one is sent to, when a
 * new call is turned away, how a refusal or a failing endpoint is avoided and when it comes back, and how
 * two replicas sharing one ledger keep an endpoint's budget between them (also when the store is down).
 */

import { FakeClock } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../src/logger.js";
import type { LedgerView, UsageLedger } from "../src/voicelive/usage-ledger.js";
import { UsageSlots } from "../src/voicelive/usage-slots.js";
import type { VoiceLiveEndpoint } from "../src/voicelive/voice-live-endpoints.js";
import { type PoolEndpoint, VoiceLivePool } from "../src/voicelive/voice-live-pool.js";
import type { RoutedEndpoint } from "../src/voicelive/voice-live-route.js";

const EPOCH_MS = 1_800_000_000_000;

/** One table shared by several replicas, in memory; `down` makes every read and write fail. */
class SharedTable {
  readonly rows = new Map<string, { endpoint: string; replica: string; slots: string }>();
  down = false;
  reads = 0;

  ledgerFor(replica: string): UsageLedger {
    return {
      shared: true,
      read: async (): Promise<LedgerView | undefined> => {
        this.reads++;
        if (this.down) return undefined;
        const rows = [...this.rows.values()];
        return {
          others: rows
            .filter((row) => row.replica !== replica)
            .map((row) => ({
              endpoint: row.endpoint,
              replica: row.replica,
              usage: UsageSlots.decode(row.slots),
            })),
          replicas: new Set([replica, ...rows.map((row) => row.replica)]).size,
        };
      },
      write: async (endpoint, slots) => {
        if (this.down) throw new Error("store down");
        this.rows.set(`${endpoint}~${replica}`, { endpoint, replica, slots });
      },
    };
  }
}

function endpoint(name: string, overrides: Partial<VoiceLiveEndpoint> = {}): PoolEndpoint {
  return {
    name,
    realtimeUrl: `wss://${name}.test/voice-live/realtime`,
    model: "gpt-realtime",
    weight: 1,
    connectionsPerMinute: 30,
    tokensPerMinute: 120_000,
    apiKey: undefined,
    auth: async () => ({ "api-key": "k" }),
    ...overrides,
  };
}

function pool(
  clock: FakeClock,
  endpoints: PoolEndpoint[],
  ledger: UsageLedger,
  options: { tokensPerCallMinute?: number; patienceMs?: number } = {},
) {
  return new VoiceLivePool({
    endpoints,
    ledger,
    clock,
    wallClock: () => EPOCH_MS + clock.now(),
    logger: silentLogger(),
    tokensPerCallMinute: options.tokensPerCallMinute ?? 10_000,
    patienceMs: options.patienceMs ?? 10_000,
  });
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

async function names(p: VoiceLivePool, count: number): Promise<(string | undefined)[]> {
  const chosen: (string | undefined)[] = [];
  for (let i = 0; i < count; i++) chosen.push((await p.next("call"))?.name);
  await settle();
  return chosen;
}

describe("where a new connection goes", () => {
  it("shares connections in proportion to the weights; weight 0 is a standby for when the others are full", async () => {
    const clock = new FakeClock();
    const p = pool(
      clock,
      [
        endpoint("heavy", { weight: 3, connectionsPerMinute: 6 }),
        endpoint("light", { weight: 1, connectionsPerMinute: 2 }),
        endpoint("standby", { weight: 0 }),
      ],
      new SharedTable().ledgerFor("r1"),
    );
    expect(await names(p, 10)).toEqual([
      "heavy",
      "heavy",
      "heavy",
      "light",
      "heavy",
      "heavy",
      "heavy",
      "light",
      "standby",
      "standby",
    ]);
  });

  it("turns a new call away when every endpoint's minute is used, and takes calls again as the minute moves on", async () => {
    const clock = new FakeClock();
    const p = pool(clock, [endpoint("a", { connectionsPerMinute: 2 })], new SharedTable().ledgerFor("r1"));
    expect(await names(p, 3)).toEqual(["a", "a", undefined]);
    expect(p.stats().callsTurnedAway).toBe(1);
    clock.advance(30_000);
    expect(await names(p, 1)).toEqual([undefined]);
    clock.advance(36_000);
    expect(await names(p, 2)).toEqual(["a", "a"]);
  });

  it("places a new call only where the tokens of the minute leave room for it; a reconnect needs less", async () => {
    const clock = new FakeClock();
    const p = pool(
      clock,
      [endpoint("a", { tokensPerMinute: 50_000 }), endpoint("b", { weight: 0 })],
      new SharedTable().ledgerFor("r1"),
      {
        tokensPerCallMinute: 10_000,
      },
    );
    const first = await p.next("call");
    first?.tokens(41_000);
    expect((await p.next("call"))?.name).toBe("b");
    expect((await p.next("reconnect"))?.name).toBe("a");
  });
});

describe("endpoints out of rotation", () => {
  it("sends connections elsewhere for the Retry-After of a 429, then takes the endpoint back", async () => {
    const clock = new FakeClock();
    const p = pool(clock, [endpoint("a", { weight: 5 }), endpoint("b")], new SharedTable().ledgerFor("r1"));
    const first = (await p.next("call")) as RoutedEndpoint;
    expect(first.name).toBe("a");
    first.refused(429, 20_000);
    expect(p.hasAlternative("a")).toBe(true);
    expect(await names(p, 2)).toEqual(["b", "b"]);
    clock.advance(20_000);
    expect(await names(p, 1)).toEqual(["a"]);
    expect(p.stats().endpoints[0]).toMatchObject({ refusals: { throttled: 1 }, outOfRotationMs: 20_000 });
  });

  it("keeps an unreachable endpoint out longer each time it fails again, and forgets once it opens", async () => {
    const clock = new FakeClock();
    const p = pool(
      clock,
      [endpoint("a", { weight: 5 }), endpoint("b", { connectionsPerMinute: 100 })],
      new SharedTable().ledgerFor("r1"),
    );
    const outFor = async (): Promise<number> => {
      const start = clock.now();
      const at = (await p.next("call")) as RoutedEndpoint;
      expect(at.name).toBe("a");
      at.unreachable();
      while ((await p.next("reconnect"))?.name !== "a") clock.advance(1_000);
      return clock.now() - start;
    };
    expect(await outFor()).toBe(10_000);
    expect(await outFor()).toBe(20_000);
    const back = (await p.next("call")) as RoutedEndpoint;
    back.opened();
    expect(await outFor()).toBe(10_000);
  });

  it("takes an endpoint whose responses fail for its spent tokens out for the wait the service names", async () => {
    const clock = new FakeClock();
    const p = pool(clock, [endpoint("a", { weight: 5 }), endpoint("b")], new SharedTable().ledgerFor("r1"));
    const at = (await p.next("call")) as RoutedEndpoint;
    expect(at.responseFailed("rate_limit_exceeded", 7_000)).toBe(true);
    expect(await names(p, 1)).toEqual(["b"]);
    clock.advance(7_000);
    expect(await names(p, 1)).toEqual(["a"]);
    // Other failures count when they repeat.
    expect(at.responseFailed("server_error", undefined)).toBe(false);
    expect(at.responseFailed("server_error", undefined)).toBe(true);
  });

  it("still offers the endpoint back first when every endpoint is out, but not to a new call that cannot wait that long", async () => {
    const clock = new FakeClock();
    const p = pool(clock, [endpoint("a"), endpoint("b")], new SharedTable().ledgerFor("r1"), {
      patienceMs: 10_000,
    });
    ((await p.next("call")) as RoutedEndpoint).refused(429, 5_000);
    ((await p.next("call")) as RoutedEndpoint).refused(429, 60_000);
    expect(p.hasAlternative("a")).toBe(false);
    expect((await p.next("call"))?.name).toBe("a");
    ((await p.next("reconnect")) as RoutedEndpoint).refused(429, 30_000);
    expect(await p.next("call")).toBeUndefined();
    expect((await p.next("reconnect"))?.name).toBe("a");
  });
});

describe("budgets shared by replicas", () => {
  it("holds one endpoint's budget for two replicas together, one ledger read per connection", async () => {
    const clock = new FakeClock();
    const table = new SharedTable();
    const endpoints = [endpoint("a", { connectionsPerMinute: 5 })];
    const one = pool(clock, endpoints, table.ledgerFor("r1"));
    const two = pool(clock, endpoints, table.ledgerFor("r2"));
    const chosen: (string | undefined)[] = [];
    for (let i = 0; i < 8; i++) {
      chosen.push((await (i % 2 === 0 ? one : two).next("call"))?.name);
      await settle();
    }
    expect(chosen).toEqual(["a", "a", "a", "a", "a", undefined, undefined, undefined]);
    expect(table.reads).toBe(8);
    expect(one.stats().endpoints[0]?.lastMinute.connections).toBe(5);
  });

  it("keeps each replica to its share while the store cannot be read", async () => {
    const clock = new FakeClock();
    const table = new SharedTable();
    const endpoints = [endpoint("a", { connectionsPerMinute: 9 })];
    const one = pool(clock, endpoints, table.ledgerFor("r1"));
    const two = pool(clock, endpoints, table.ledgerFor("r2"));
    // Both have seen the store, and each other: two replicas, plus room for one more that may start.
    await names(one, 1);
    await names(two, 1);
    await names(one, 1);
    table.down = true;
    expect(await names(one, 3)).toEqual(["a", undefined, undefined]);
    expect(await names(two, 3)).toEqual(["a", "a", undefined]);
  });

  it("counts a replica's tokens against the endpoint for the others too", async () => {
    const clock = new FakeClock();
    const table = new SharedTable();
    const endpoints = [endpoint("a", { tokensPerMinute: 30_000 }), endpoint("b", { weight: 0 })];
    const one = pool(clock, endpoints, table.ledgerFor("r1"));
    const two = pool(clock, endpoints, table.ledgerFor("r2"));
    (await one.next("call"))?.tokens(25_000);
    clock.advance(1_000); // token usage is written within a second
    await settle();
    expect((await two.next("call"))?.name).toBe("b");
    one.close();
    two.close();
    expect(clock.pendingTimers).toBe(0);
  });
});
