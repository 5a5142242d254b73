/**
 * The call record row is shared: the functions app (call state from callbacks) and the media worker
 * (end reason, turns, usage) both write partition = call connection id, row "call". Against Azurite,
 * with the worker's own store: whichever writes first, neither removes the other's columns.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Azurite, startAzurite } from "../../local/src/azurite/index.js";
import { createTableCallRecordStore } from "../../media-worker/src/records/call-record-store.js";
import { CALL_RECORDS_TABLE, createTableCallRecords, createTableClient } from "../src/app.js";

describe("call records shared with the media worker (Azurite)", () => {
  let azurite: Azurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(() => azurite.close());

  const stores = () => {
    const client = createTableClient(
      { kind: "connection-string", connectionString: azurite.connectionString },
      CALL_RECORDS_TABLE,
    );
    const worker = createTableCallRecordStore({
      target: { connectionString: azurite.connectionString },
      table: CALL_RECORDS_TABLE,
      prices: { inputText: 4, inputAudio: 32, cachedInput: 0.4, outputText: 16, outputAudio: 64 },
      transcripts: true,
    });
    return { client, records: createTableCallRecords(client), worker };
  };

  it("keeps both writers' columns when the worker writes first", async () => {
    const { client, records, worker } = stores();
    await worker.merge("conn-a", "call", { workerCallId: "w-1", callState: "active", turnCount: 2 });
    await records.apply({
      callConnectionId: "conn-a",
      state: "connected",
      event: "CallConnected",
      at: new Date("2026-01-01T00:00:01Z"),
      caller: "4:+1425*****23",
    });
    await worker.merge("conn-a", "call", { endReason: "bot-ended", turnCount: 3 });
    await records.apply({
      callConnectionId: "conn-a",
      state: "disconnected",
      event: "CallDisconnected",
      at: new Date("2026-01-01T00:00:09Z"),
    });
    const row = await client.getEntity<Record<string, unknown>>("conn-a", "call");
    expect(row).toMatchObject({
      workerCallId: "w-1",
      turnCount: 3,
      endReason: "bot-ended",
      state: "disconnected",
      lastEvent: "CallDisconnected",
      caller: "4:+1425*****23",
    });
    expect((await records.get("conn-a"))?.connectedAt).toEqual(new Date("2026-01-01T00:00:01Z"));
  });

  it("keeps both writers' columns when the functions app writes first", async () => {
    const { client, records, worker } = stores();
    await records.apply({
      callConnectionId: "conn-b",
      state: "answered",
      event: "AnswerCallAccepted",
      at: new Date("2026-01-01T00:00:00Z"),
      direction: "inbound",
    });
    await worker.merge("conn-b", "call", { endReason: "caller-hung-up" });
    await records.apply({
      callConnectionId: "conn-b",
      state: "connected",
      event: "CallConnected",
      at: new Date("2026-01-01T00:00:01Z"),
    });
    const row = await client.getEntity<Record<string, unknown>>("conn-b", "call");
    expect(row).toMatchObject({ endReason: "caller-hung-up", state: "connected", direction: "inbound" });
  });
});
