/**
 * Call records without storage: what the writer hands to its store as a call's events arrive (a turn
 * row at once, the summary after each turn and at the end), the cost estimate, and a failing store
 * never reaching the call. Also the bounded transcript kept for a replacement Voice Live session.
 */
import { describe, expect, it } from "vitest";
import { silentLogger } from "../src/logger.js";
import type { CallRecordStore, RecordFields } from "../src/records/call-record-store.js";
import { CallRecordWriter } from "../src/records/call-record-writer.js";
import { estimateCostUsd } from "../src/records/cost.js";
import { type CallEvent, type CallEventListener, CallEventStream } from "../src/session/call-events.js";
import { ConversationHistory } from "../src/session/conversation-history.js";

const PRICES = { inputText: 4, inputAudio: 32, cachedInput: 0.4, outputText: 16, outputAudio: 64 };
const settle = () => new Promise((resolve) => setImmediate(resolve));

class MemoryStore implements CallRecordStore {
  readonly writes: { partition: string; row: string; fields: RecordFields }[] = [];
  failing = false;
  async merge(partition: string, row: string, fields: RecordFields): Promise<void> {
    if (this.failing) throw new Error("storage down");
    this.writes.push({ partition, row, fields });
  }
}

function recordedCall(callConnectionId: string | undefined) {
  const stream = new CallEventStream();
  const call = {
    ids: { callId: "call-1", callConnectionId, correlationId: undefined },
    subscribe: (listener: CallEventListener) => stream.subscribe(listener),
  };
  return { call, emit: (event: CallEvent) => stream.emit(event) };
}

const turn = (
  index: number,
  extra: Partial<Extract<CallEvent, { type: "turn" }>["turn"]> = {},
): CallEvent => ({
  type: "turn",
  turn: {
    index,
    endedAtWallMs: Date.UTC(2026, 0, 1, 0, 0, index),
    callerText: `caller ${index}`,
    botText: `bot ${index}`,
    status: "completed",
    latencyMs: 700,
    bargeIn: undefined,
    tools: [],
    usage: {
      inputTextTokens: 100,
      inputAudioTokens: 1_000,
      cachedInputTokens: 0,
      outputTextTokens: 20,
      outputAudioTokens: 500,
    },
    ...extra,
  },
});

describe("CallRecordWriter", () => {
  it("writes each turn when it completes, the summary after it, and the end", async () => {
    const store = new MemoryStore();
    const writer = new CallRecordWriter({
      store,
      prices: PRICES,
      logger: silentLogger(),
      wallClock: () => 0,
    });
    const { call, emit } = recordedCall("conn-1");
    writer.attach(call);
    emit(turn(1));
    emit(turn(2, { bargeIn: { heardMs: 1_200 }, status: "cancelled" }));
    await settle();
    expect(store.writes.map((w) => w.row)).toEqual(["call", "turn-000001", "call", "turn-000002", "call"]);
    expect(store.writes[3]?.fields).toMatchObject({
      callerText: "caller 2",
      botText: "bot 2",
      status: "cancelled",
      bargeIn: true,
      heardMs: 1_200,
      latencyMs: 700,
    });
    expect(store.writes[4]?.fields).toMatchObject({ turnCount: 2, bargeIns: 1, outputAudioTokens: 1_000 });
    emit({ type: "ended", reason: "bot-ended", atMs: 5_000 });
    await settle();
    expect(store.writes.at(-1)?.fields).toMatchObject({ endReason: "bot-ended", callState: "ended" });
    expect(new Set(store.writes.map((w) => w.partition))).toEqual(new Set(["conn-1"]));
  });

  it("records nothing for a call without an ACS id, and survives a failing store", async () => {
    const store = new MemoryStore();
    const writer = new CallRecordWriter({ store, prices: PRICES, logger: silentLogger() });
    writer.attach(recordedCall(undefined).call);
    await settle();
    expect(store.writes).toEqual([]);
    store.failing = true;
    const { call, emit } = recordedCall("conn-2");
    writer.attach(call);
    expect(() => emit(turn(1))).not.toThrow();
    await settle();
    store.failing = false;
    emit(turn(2));
    await settle();
    expect(store.writes.map((w) => w.row)).toEqual(["turn-000002", "call"]);
  });
});

describe("estimateCostUsd", () => {
  it("prices each kind of token, cached input at the cached price", () => {
    const usage = {
      inputTextTokens: 1_000_000,
      inputAudioTokens: 1_000_000,
      cachedInputTokens: 500_000,
      outputTextTokens: 1_000_000,
      outputAudioTokens: 1_000_000,
    };
    // 4 + (0.5 × 32) + (0.5 × 0.4) + 16 + 64
    expect(estimateCostUsd(usage, PRICES)).toBeCloseTo(100.2, 6);
  });
});

describe("ConversationHistory", () => {
  it("keeps the newest entries within its bound and restores them as conversation items", () => {
    const history = new ConversationHistory(40, 10);
    history.add("user", "first question, rather long");
    history.add("assistant", "an answer");
    history.add("user", "second one");
    expect(history.all().map((e) => e.text)).toEqual(["an answer", "second one"]);
    expect(history.restoreEvents()[0]).toEqual({
      type: "conversation.item.create",
      item: { type: "message", role: "assistant", content: [{ type: "text", text: "an answer" }] },
    });
  });
});
