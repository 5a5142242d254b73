/**
 * OutboundPacer: frames reach the sink at real time plus a small lead, against the clock's absolute
 * timeline (no drift), bounded, held back while the socket is congested, and cleared instantly.
 */

import { FakeClock } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { type OutboundFrame, OutboundPacer, type PacerSink } from "../src/session/outbound-pacer.js";

function frame(index: number, itemId = "item_1"): OutboundFrame {
  return { responseId: "resp_1", itemId, pcm: new Uint8Array([index & 0xff, 0]), durationMs: 20 };
}

function recordingSink(clock: FakeClock, bufferedBytes = () => 0) {
  const sent: { atMs: number; frame: OutboundFrame }[] = [];
  const sink: PacerSink = { send: (f) => sent.push({ atMs: clock.now(), frame: f }), bufferedBytes };
  return { sink, sent };
}

/** A pacer with a 60 ms lead that records when it says its audio played out. */
function drainingPacer() {
  const clock = new FakeClock();
  const { sink } = recordingSink(clock);
  const drainedAt: number[] = [];
  const pacer = new OutboundPacer({ clock, sink, leadMs: 60, onDrained: () => drainedAt.push(clock.now()) });
  return { clock, pacer, drainedAt };
}

describe("OutboundPacer", () => {
  it("sends the lead at once, then one frame per frame duration", () => {
    const clock = new FakeClock();
    const { sink, sent } = recordingSink(clock);
    const pacer = new OutboundPacer({ clock, sink, leadMs: 60 });
    for (let i = 0; i < 10; i++) pacer.enqueue(frame(i));
    expect(sent.map((s) => s.atMs)).toEqual([0, 0, 0]);
    clock.advance(200);
    expect(sent.map((s) => s.atMs)).toEqual([0, 0, 0, 20, 40, 60, 80, 100, 120, 140]);
    expect(sent.map((s) => s.frame.pcm[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("keeps at most the lead buffered in ACS at every instant", () => {
    const clock = new FakeClock();
    const { sink, sent } = recordingSink(clock);
    const pacer = new OutboundPacer({ clock, sink, leadMs: 60 });
    for (let i = 0; i < 500; i++) pacer.enqueue(frame(i));
    for (let t = 0; t < 10_000; t += 7) {
      expect(pacer.bufferedMs()).toBeLessThanOrEqual(60 + 1);
      clock.advance(7);
    }
    expect(sent).toHaveLength(500);
  });

  it("does not drift when timers fire late: the n-th frame is due at a fixed time", () => {
    const clock = new FakeClock();
    const { sink, sent } = recordingSink(clock);
    const pacer = new OutboundPacer({ clock, sink, leadMs: 60 });
    for (let i = 0; i < 3000; i++) pacer.enqueue(frame(i));
    // every timer fires up to 33 ms late (less than the lead, so ACS never runs dry): the schedule
    // must catch up instead of accumulating the lateness
    for (let t = 0; t < 60_000; t += 33) clock.advanceLate(33);
    const lastSendMs = sent[sent.length - 1]?.atMs ?? 0;
    expect(sent).toHaveLength(3000);
    // frame n is due once n*20 - 40 ms have passed (60 ms lead minus the frame itself)
    expect(lastSendMs).toBeGreaterThanOrEqual(2999 * 20 - 40);
    expect(lastSendMs).toBeLessThanOrEqual(2999 * 20 - 40 + 33);
    for (const [n, s] of sent.entries()) expect(s.atMs).toBeLessThanOrEqual(Math.max(0, n * 20 - 40) + 33);
  });

  it("restarts with a fresh lead after an underrun", () => {
    const clock = new FakeClock();
    const { sink, sent } = recordingSink(clock);
    const pacer = new OutboundPacer({ clock, sink, leadMs: 60 });
    pacer.enqueue(frame(0));
    clock.advance(500);
    expect(pacer.bufferedMs()).toBe(0);
    for (let i = 1; i <= 4; i++) pacer.enqueue(frame(i));
    expect(sent.map((s) => s.atMs)).toEqual([0, 500, 500, 500]);
    clock.advance(20);
    expect(sent.map((s) => s.atMs)).toEqual([0, 500, 500, 500, 520]);
  });

  it("refuses frames beyond its bound and counts them", () => {
    const clock = new FakeClock();
    const { sink, sent } = recordingSink(clock);
    const pacer = new OutboundPacer({ clock, sink, leadMs: 0, maxQueuedFrames: 5 });
    const accepted = Array.from({ length: 8 }, (_, i) => pacer.enqueue(frame(i)));
    expect(accepted).toEqual([true, true, true, true, true, true, false, false]);
    expect(pacer.stats.framesRefused).toBe(2);
    clock.advance(1000);
    expect(sent.map((s) => s.frame.pcm[0])).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("holds frames while the socket is congested and resumes when it drains", () => {
    const clock = new FakeClock();
    let socketBytes = 100_000;
    const { sink, sent } = recordingSink(clock, () => socketBytes);
    const pacer = new OutboundPacer({ clock, sink, leadMs: 60, maxSocketBufferedBytes: 65_536 });
    for (let i = 0; i < 5; i++) pacer.enqueue(frame(i));
    clock.advance(100);
    expect(sent).toHaveLength(0);
    expect(pacer.stats.sendsDeferred).toBeGreaterThan(0);
    socketBytes = 0;
    clock.advance(20);
    expect(sent.length).toBeGreaterThanOrEqual(3);
  });

  it("clear drops the queue and the ACS buffer estimate, and no frame of it is sent later", () => {
    const clock = new FakeClock();
    const { sink, sent } = recordingSink(clock);
    const pacer = new OutboundPacer({ clock, sink, leadMs: 60 });
    for (let i = 0; i < 50; i++) pacer.enqueue(frame(i));
    clock.advance(100);
    const sentBefore = sent.length;
    expect(pacer.bufferedMs()).toBeGreaterThan(0);
    expect(pacer.clear()).toBe(50 - sentBefore);
    expect(pacer.bufferedMs()).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    clock.advance(2000);
    expect(sent).toHaveLength(sentBefore);
    pacer.enqueue(frame(99, "item_2"));
    expect(sent[sent.length - 1]?.frame.itemId).toBe("item_2");
  });

  it("close leaves no timer behind and refuses further frames", () => {
    const clock = new FakeClock();
    const { sink } = recordingSink(clock);
    const pacer = new OutboundPacer({ clock, sink });
    for (let i = 0; i < 20; i++) pacer.enqueue(frame(i));
    pacer.close();
    expect(clock.pendingTimers).toBe(0);
    expect(pacer.enqueue(frame(0))).toBe(false);
  });

  it("says when the audio it sent has played out: once, at the end of the last frame, not after a clear", () => {
    const { clock, pacer, drainedAt } = drainingPacer();
    for (let i = 0; i < 10; i++) pacer.enqueue(frame(i));
    clock.advance(1000);
    // 10 frames of 20 ms from t=0: the last one ends at 200 ms
    expect(drainedAt).toEqual([200]);
    // a new run of audio after the pause: its own end
    for (let i = 0; i < 3; i++) pacer.enqueue(frame(i));
    clock.advance(1000);
    expect(drainedAt).toEqual([200, 1060]);
    // frames cleared (StopAudio): the one who cleared knows, no event
    for (let i = 0; i < 5; i++) pacer.enqueue(frame(i));
    clock.advance(30);
    pacer.clear();
    clock.advance(1000);
    expect(drainedAt).toEqual([200, 1060]);
    expect(clock.pendingTimers).toBe(0);
  });

  it("a frame queued before the audio ran out moves the end: no early played-out", () => {
    const { clock, pacer, drainedAt } = drainingPacer();
    for (let i = 0; i < 3; i++) pacer.enqueue(frame(i));
    clock.advance(50);
    pacer.enqueue(frame(3));
    clock.advance(1000);
    expect(drainedAt).toEqual([80]);
  });
});
