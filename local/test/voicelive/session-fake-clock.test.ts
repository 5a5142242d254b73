// Session tier: one EmulatedVoiceLiveSession on a fake socket and a fake clock, so pacing and the
// session lifetime are checked deterministically.

import { FakeClock } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { EmulatedVoiceLiveSession, sequentialVoiceLiveIds } from "../../src/voicelive/index.js";
import { FAKE_START_MS, FakeSocket } from "./fake-socket.js";

/** 1 s of audio per reply: 24 000 samples at 24 kHz. */
const oneSecond = () => new Int16Array(24000).fill(1000);

function newSession(time: FakeClock, socket: FakeSocket, faults = {}) {
  return new EmulatedVoiceLiveSession(
    socket,
    { model: "gpt-realtime", apiVersion: "2026-04-10", query: {}, agentMode: false, agentIncomplete: false },
    {
      scenario: { greeting: "one two three four five six seven eight nine ten", turns: [] },
      faults: () => faults,
      audioSpeed: 4,
      chunkMs: 100,
      responseLatencyMs: 200,
      sessionLifetimeMs: 30 * 60_000,
      maxRecorded: 1000,
      clock: time,
      timers: time,
      ids: sequentialVoiceLiveIds(),
      synthesize: oneSecond,
    },
  );
}

describe("EmulatedVoiceLiveSession on a fake clock", () => {
  it("streams reply audio four times faster than real time after the model latency", () => {
    const time = new FakeClock({ startMs: FAKE_START_MS });
    const socket = new FakeSocket();
    newSession(time, socket);
    expect(socket.sent[0]).toMatchObject({
      type: "session.created",
      event_id: "event_1",
      session: { id: "sess_1" },
    });
    socket.receive({ type: "response.create" });
    expect(socket.ofType("response.created")).toHaveLength(1);
    expect(socket.ofType("response.audio.delta")).toHaveLength(0);
    time.advance(199);
    expect(socket.ofType("response.output_item.added")).toHaveLength(0);
    time.advance(1);
    expect(socket.ofType("response.audio.delta")).toHaveLength(1);
    // 100 ms of audio every 25 ms: the remaining 9 deltas take 225 ms.
    time.advance(224);
    expect(socket.ofType("response.audio.delta")).toHaveLength(9);
    expect(socket.ofType("response.done")).toHaveLength(0);
    time.advance(1);
    expect(socket.ofType("response.audio.delta")).toHaveLength(10);
    expect(socket.ofType("response.done")).toHaveLength(1);
    // Every word of the transcript went out alongside the audio.
    const transcript = socket
      .ofType("response.audio_transcript.delta")
      .map((e) => e.delta)
      .join("");
    expect(transcript).toBe("one two three four five six seven eight nine ten");
  });

  it("expires after the session lifetime announced in expires_at", () => {
    const time = new FakeClock({ startMs: FAKE_START_MS });
    const socket = new FakeSocket();
    const session = newSession(time, socket);
    const created = socket.sent[0]?.session as { expires_at?: number } | undefined;
    const expiresAtSec = created?.expires_at;
    expect(expiresAtSec).toBe(Math.floor((time.now() + 30 * 60_000) / 1000));
    time.advance(30 * 60_000 - 1);
    expect(socket.closedWith).toBeUndefined();
    time.advance(1);
    expect(socket.ofType("error")[0]?.error).toMatchObject({
      code: "session_expired",
      message: "Your session hit the maximum duration of 30 minutes.",
    });
    expect(socket.closedWith).toBe(1001);
    expect(session.closed).toBe(true);
    expect(time.pendingTimers).toBe(0);
  });

  it("clears its timers when the socket closes mid-response", () => {
    const time = new FakeClock({ startMs: FAKE_START_MS });
    const socket = new FakeSocket();
    newSession(time, socket);
    socket.receive({ type: "response.create" });
    time.advance(250);
    socket.close(1000);
    expect(time.pendingTimers).toBe(0);
  });
});
