/**
 * Call records are kept CALL_RECORDS_RETENTION_DAYS, then purged by the app's scheduled job. Against
 * Azurite, with rows written by both real writers (the functions app's call state, the media worker's
 * summary and turn rows): what is left in storage after each run.
 */
import type { TableClient } from "@azure/data-tables";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Azurite, startAzurite } from "../../local/src/azurite/index.js";
import { createTableCallRecordStore, turnRowKey } from "../../media-worker/src/records/call-record-store.js";
import {
  CALL_RECORDS_TABLE,
  createAppDependencies,
  createJobs,
  createTableCallRecords,
  createTableClient,
  createTableMediaWatch,
  type Job,
  type LogFields,
  loadSettings,
  MEDIA_WATCH_TABLE,
} from "../src/app.js";
import { createTableCallRecordsPurge } from "../src/retention/call-records-purge.js";
import { callRecordsRetentionJob } from "../src/retention/call-records-retention-job.js";

const DAY_MS = 86_400_000;
const PRICES = { inputText: 4, inputAudio: 32, cachedInput: 0.4, outputText: 16, outputAudio: 64 };

describe("call records retention (Azurite)", () => {
  let azurite: Azurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(() => azurite.close());

  const tableClient = (table: string) =>
    createTableClient({ kind: "connection-string", connectionString: azurite.connectionString }, table);
  const workerStore = (table = CALL_RECORDS_TABLE) =>
    createTableCallRecordStore({
      target: { connectionString: azurite.connectionString },
      table,
      prices: PRICES,
      transcripts: true,
    });

  /** The app's purge job, as the Functions host gets it from createJobs, on the given clock. */
  function retentionJob(env: Record<string, string>, now: () => Date): Job | undefined {
    const settings = loadSettings({
      ACS_CONNECTION_STRING: "endpoint=http://127.0.0.1:9/;accesskey=c2VjcmV0",
      MEDIA_WORKER_URL: "ws://127.0.0.1:9/media",
      CALLBACK_BASE_URL: "http://127.0.0.1:9",
      ACS_AUDIENCE: "resource-id",
      AzureWebJobsStorage: azurite.connectionString,
      ...env,
    });
    return createJobs({ ...createAppDependencies(settings), now }).find(
      (job) => job.name === "callRecordsRetention",
    );
  }

  const logged: { message: string; fields?: LogFields }[] = [];
  const log = {
    info: (message: string, fields?: LogFields) => logged.push({ message, fields }),
    warn: () => {},
    error: () => {},
  };

  async function rowsOf(client: TableClient, partition: string): Promise<string[]> {
    const rows: string[] = [];
    const listed = client.listEntities({ queryOptions: { filter: `PartitionKey eq '${partition}'` } });
    for await (const row of listed) rows.push(row.rowKey ?? "");
    return rows;
  }

  /** A call as both writers leave it: the shared summary row and `turns` turn rows. */
  async function recordCall(callConnectionId: string, turns: number): Promise<void> {
    const records = createTableCallRecords(tableClient(CALL_RECORDS_TABLE));
    await records.apply({
      callConnectionId,
      state: "connected",
      event: "CallConnected",
      at: new Date(),
      caller: "4:+1425*****23",
    });
    const worker = workerStore();
    await worker.merge(callConnectionId, "call", { workerCallId: "w", turnCount: turns });
    for (let index = 1; index <= turns; index++) {
      await worker.merge(callConnectionId, turnRowKey(index), { callerText: "hello", botText: "hi" });
    }
  }

  it("deletes every row of the calls older than the retention, and nothing of other tables", {
    timeout: 60_000,
  }, async () => {
    const calls = tableClient(CALL_RECORDS_TABLE);
    await recordCall("retention-long", 150); // more rows than one transaction takes
    await recordCall("retention-short", 1);
    // Turn rows whose summary row is gone are found too.
    await workerStore().merge("retention-orphan", turnRowKey(1), { botText: "left behind" });
    const watch = tableClient(MEDIA_WATCH_TABLE);
    await createTableMediaWatch(watch, 5_000).expect("retention-long", new Date());

    const today = retentionJob({}, () => new Date());
    expect(today?.everySeconds).toBe(3_600);
    await today?.run({ log });
    expect(await rowsOf(calls, "retention-long")).toHaveLength(151);

    await retentionJob({}, () => new Date(Date.now() + 31 * DAY_MS))?.run({ log });
    expect(await rowsOf(calls, "retention-long")).toEqual([]);
    expect(await rowsOf(calls, "retention-short")).toEqual([]);
    expect(await rowsOf(calls, "retention-orphan")).toEqual([]);
    expect(await rowsOf(watch, "pending")).toEqual(["retention-long"]);
    expect(logged.at(-1)).toMatchObject({
      message: "call records purged",
      fields: { more: false, retentionDays: 30 },
    });
  });

  it("keeps a call whole while any of its rows is newer than the retention", {
    timeout: 60_000,
  }, async () => {
    const calls = tableClient(CALL_RECORDS_TABLE);
    await recordCall("retention-done", 2);
    await recordCall("retention-mixed", 0);
    // The cutoff falls just after these rows were written (Azurite's own clock)…
    const written = [
      ...(await timestamps(calls, "retention-done")),
      ...(await timestamps(calls, "retention-mixed")),
    ];
    const cutoff = new Date(Math.max(...written) + 1);
    // …and before these.
    await writeAfter(cutoff, calls, "retention-mixed", turnRowKey(1));
    await writeAfter(cutoff, calls, "retention-fresh", "call");

    await retentionJob(
      { CALL_RECORDS_RETENTION_DAYS: "7" },
      () => new Date(cutoff.getTime() + 7 * DAY_MS),
    )?.run({ log });
    expect(await rowsOf(calls, "retention-done")).toEqual([]);
    expect((await rowsOf(calls, "retention-mixed")).sort()).toEqual(["call", turnRowKey(1)]);
    expect(await rowsOf(calls, "retention-fresh")).toEqual(["call"]);
  });

  it("works through a backlog a bounded number of calls per run", { timeout: 60_000 }, async () => {
    const table = "callrecordsbacklog";
    const client = tableClient(table);
    for (let i = 0; i < 5; i++) await workerStore(table).merge(`backlog-${i}`, "call", { turnCount: 0 });
    const job = callRecordsRetentionJob(
      createTableCallRecordsPurge(client),
      30,
      () => new Date(Date.now() + 31 * DAY_MS),
      2,
    );
    const remaining = async () => {
      let count = 0;
      for await (const _ of client.listEntities()) count++;
      return count;
    };
    const progress: number[] = [];
    for (let run = 0; run < 3; run++) {
      await job.run({ log });
      progress.push(await remaining());
    }
    expect(progress).toEqual([3, 1, 0]);
    expect(logged.slice(-3).map((entry) => entry.fields?.more)).toEqual([true, true, false]);
  });

  it("has no job when records are kept until deleted by hand", () => {
    expect(retentionJob({ CALL_RECORDS_RETENTION_DAYS: "0" }, () => new Date())).toBeUndefined();
  });

  async function timestamps(client: TableClient, partition: string): Promise<number[]> {
    const times: number[] = [];
    const listed = client.listEntities({ queryOptions: { filter: `PartitionKey eq '${partition}'` } });
    for await (const row of listed) times.push(new Date(row.timestamp ?? 0).getTime());
    return times;
  }

  /** Writes the row until the store stamps it at or after `cutoff` (the store's clock, not ours). */
  async function writeAfter(cutoff: Date, client: TableClient, partition: string, row: string) {
    for (let attempt = 0; attempt < 1_000; attempt++) {
      await workerStore().merge(partition, row, { attempt });
      const written = await client.getEntity(partition, row);
      if (new Date(written.timestamp ?? 0) >= cutoff) return;
    }
    throw new Error("the store's clock did not move");
  }
});
