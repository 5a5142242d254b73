// The postprovision seeding against an in-memory store that behaves like App Configuration: conditional
// writes, a deployer role that is not in effect for the first calls, and edits made in between.
import { describe, expect, it } from "vitest";
import { AppConfigurationError, type KeyValueStore } from "./app-configuration-client.js";
import {
  applyKeyValues,
  desiredKeyValues,
  SeedError,
  seedAppConfiguration,
} from "./app-configuration-seed.js";
import { HD_VOICE, STANDARD_VOICE } from "./regions.js";

const LABEL = "dev";

interface FakeStore extends KeyValueStore {
  values: Map<string, string>;
  calls: number;
}

/** A store that answers `forbiddenCalls` calls with 403 (role not in effect yet), then works. */
function fakeStore(forbiddenCalls = 0, failure = 403): FakeStore {
  const values = new Map<string, string>();
  const store: FakeStore = {
    values,
    calls: 0,
    async get(key, label) {
      store.calls++;
      if (store.calls <= forbiddenCalls) throw new AppConfigurationError(failure, "read");
      return values.get(`${key}$${label}`);
    },
    async put(key, label, value, { onlyIfAbsent }) {
      store.calls++;
      if (store.calls <= forbiddenCalls) throw new AppConfigurationError(failure, "write");
      const name = `${key}$${label}`;
      if (onlyIfAbsent && values.has(name)) return "exists";
      values.set(name, value);
      return "written";
    },
  };
  return store;
}

function deps(store: KeyValueStore) {
  const logs: string[] = [];
  const sleeps: number[] = [];
  return {
    logs,
    sleeps,
    deps: {
      store,
      sleep: async (ms: number) => {
        sleeps.push(ms);
      },
      log: (line: string) => logs.push(line),
      now: () => 1_700_000_000_000,
    },
  };
}

const input = { location: "swedencentral", transferNumber: "" };

describe("App Configuration seeding", () => {
  it("creates every key with the environment's label, the sentinel last", async () => {
    const store = fakeStore();
    const result = await applyKeyValues(store, LABEL, desiredKeyValues(input), () => 5);
    expect(store.values.get(`voicebot:voice$${LABEL}`)).toBe(HD_VOICE);
    expect(store.values.get(`voicebot:tools:transferToHuman$${LABEL}`)).toBe("false");
    expect(store.values.get(`voicebot:sentinel$${LABEL}`)).toBe("1");
    expect(store.values.has(`voicebot:transferNumber$${LABEL}`)).toBe(false);
    expect(result.created.at(-1)).toBe("voicebot:sentinel");
    expect(result.created).toHaveLength(12);
  });

  it("keeps values edited in the portal on the next provision", async () => {
    const store = fakeStore();
    await applyKeyValues(store, LABEL, desiredKeyValues(input), () => 5);
    store.values.set(`voicebot:greeting$${LABEL}`, "Welcome to Contoso.");
    const again = await applyKeyValues(store, LABEL, desiredKeyValues(input), () => 6);
    expect(store.values.get(`voicebot:greeting$${LABEL}`)).toBe("Welcome to Contoso.");
    expect(again.created).toEqual([]);
    expect(again.updated).toEqual([]);
    expect(again.sentinelBumped).toBe(false);
  });

  it("follows TRANSFER_NUMBER and bumps the sentinel so running services reload", async () => {
    const store = fakeStore();
    await applyKeyValues(store, LABEL, desiredKeyValues(input), () => 5);
    const withTransfer = { ...input, transferNumber: " +14255550199 " };
    const result = await applyKeyValues(store, LABEL, desiredKeyValues(withTransfer), () => 42);
    expect(store.values.get(`voicebot:transferNumber$${LABEL}`)).toBe("+14255550199");
    expect(store.values.get(`voicebot:tools:transferToHuman$${LABEL}`)).toBe("true");
    expect(result.updated).toEqual(["voicebot:transferNumber", "voicebot:tools:transferToHuman"]);
    expect(store.values.get(`voicebot:sentinel$${LABEL}`)).toBe("42");
    const unchanged = await applyKeyValues(store, LABEL, desiredKeyValues(withTransfer), () => 43);
    expect(unchanged.sentinelBumped).toBe(false);
  });

  it("seeds a standard voice where the region has no HD voices", () => {
    const voice = (location: string) =>
      desiredKeyValues({ location, transferNumber: "" }).find((kv) => kv.key === "voice");
    expect(voice("eastus2")?.value).toBe(HD_VOICE);
    expect(voice("uksouth")?.value).toBe(STANDARD_VOICE);
  });

  it("retries while the deployer's role is not in effect, then seeds", async () => {
    const store = fakeStore(3);
    const { deps: seedDeps, sleeps, logs } = deps(store);
    await seedAppConfiguration(seedDeps, {
      endpoint: "https://appcs-x.azconfig.io",
      label: LABEL,
      input,
      retryDelayMs: 10,
    });
    expect(sleeps).toEqual([10, 10, 10]);
    expect(logs[0]).toContain("HTTP 403");
    expect(logs.at(-1)).toContain("12 key(s) created");
    expect(store.values.get(`voicebot:sentinel$${LABEL}`)).toBe("1");
  });

  it("gives up after maxAttempts with the reason and the command that finishes the step", async () => {
    const { deps: seedDeps, sleeps } = deps(fakeStore(99));
    const failure = await seedAppConfiguration(seedDeps, {
      endpoint: "https://appcs-x.azconfig.io",
      label: LABEL,
      input,
      maxAttempts: 4,
      retryDelayMs: 1,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SeedError);
    const message = (failure as Error).message;
    expect(message).toContain("after 4 attempts (HTTP 403 on write)");
    expect(message).toContain("App Configuration Data Owner");
    expect(message).toContain("azd hooks run postprovision");
    expect(sleeps).toHaveLength(3);
  });

  it("does not wait out an error that waiting cannot fix", async () => {
    const { deps: seedDeps, sleeps } = deps(fakeStore(99, 400));
    const failure = await seedAppConfiguration(seedDeps, {
      endpoint: "https://appcs-x.azconfig.io",
      label: LABEL,
      input,
    }).catch((error: unknown) => error);
    expect((failure as Error).message).toContain("HTTP 400 on write");
    expect(sleeps).toEqual([]);
  });
});
