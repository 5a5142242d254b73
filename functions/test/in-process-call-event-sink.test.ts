import type { CallAutomationEvent as CallEvent } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { InProcessCallEventSink } from "../src/app.js";

function event(callConnectionId: string, type: string, id = `${callConnectionId}-${type}`): CallEvent {
  return {
    id,
    type,
    callConnectionId,
    correlationId: undefined,
    serverCallId: undefined,
    time: undefined,
    resultCode: undefined,
    resultSubCode: undefined,
    data: {},
  };
}

describe("InProcessCallEventSink", () => {
  it("fans events out to every listener, filtered by call", () => {
    const sink = new InProcessCallEventSink();
    const all: string[] = [];
    const callA: string[] = [];
    sink.subscribe((e) => all.push(e.id));
    sink.subscribe((e) => callA.push(e.id), { callConnectionId: "a" });
    sink.publish(event("a", "CallConnected"));
    sink.publish(event("b", "CallConnected"));
    expect(all).toEqual(["a-CallConnected", "b-CallConnected"]);
    expect(callA).toEqual(["a-CallConnected"]);
  });

  it("replays buffered events to late subscribers, within the bound", () => {
    const sink = new InProcessCallEventSink({ maxBufferedEvents: 3 });
    for (let i = 0; i < 5; i += 1) sink.publish(event("a", "ParticipantsUpdated", `e${i}`));
    const seen: string[] = [];
    sink.subscribe((e) => seen.push(e.id));
    expect(seen).toEqual(["e2", "e3", "e4"]);
    expect(sink.bufferedEvents).toBe(3);
    const live: string[] = [];
    sink.subscribe((e) => live.push(e.id), { replay: false });
    sink.publish(event("a", "CallDisconnected", "e5"));
    expect(live).toEqual(["e5"]);
  });

  it("stops delivering after unsubscribe and survives a throwing listener", () => {
    const sink = new InProcessCallEventSink();
    const seen: string[] = [];
    sink.subscribe(() => {
      throw new Error("listener bug");
    });
    const unsubscribe = sink.subscribe((e) => seen.push(e.id));
    sink.publish(event("a", "CallConnected"));
    unsubscribe();
    sink.publish(event("a", "CallDisconnected"));
    expect(seen).toEqual(["a-CallConnected"]);
    expect(sink.listenerErrors).toBe(2);
  });
});
