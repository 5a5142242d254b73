import { describe, expect, it } from "vitest";
import { nextCallRecord } from "../src/callbacks/call-records.js";

const t = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));

describe("nextCallRecord", () => {
  it("moves the state forward and stamps the times", () => {
    let record = nextCallRecord(undefined, {
      callConnectionId: "c",
      state: "answered",
      event: "AnswerCallAccepted",
      at: t(0),
      direction: "inbound",
    });
    record = nextCallRecord(record, {
      callConnectionId: "c",
      state: "connected",
      event: "CallConnected",
      at: t(1),
    });
    record = nextCallRecord(record, { callConnectionId: "c", event: "ParticipantsUpdated", at: t(2) });
    record = nextCallRecord(record, {
      callConnectionId: "c",
      state: "disconnected",
      event: "CallDisconnected",
      at: t(9),
    });
    expect(record).toMatchObject({
      state: "disconnected",
      direction: "inbound",
      lastEvent: "CallDisconnected",
      createdAt: t(0),
      connectedAt: t(1),
      endedAt: t(9),
    });
  });

  it("never moves the state backwards when callbacks arrive out of order", () => {
    let record = nextCallRecord(undefined, {
      callConnectionId: "c",
      state: "disconnected",
      event: "CallDisconnected",
      at: t(9),
    });
    record = nextCallRecord(record, {
      callConnectionId: "c",
      state: "connected",
      event: "CallConnected",
      at: t(1),
    });
    expect(record.state).toBe("disconnected");
    expect(record.lastEvent).toBe("CallDisconnected");
    expect(record.connectedAt).toEqual(t(1));
  });
});
