/**
 * PlayoutTracker: the truncation point is what the caller heard of the item being played — what was sent
 * to ACS minus what ACS still held — never more than was sent or received, never negative, and absent
 * when nothing was heard.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PlayoutTracker } from "../src/session/playout-tracker.js";

describe("PlayoutTracker", () => {
  it("gives no truncation point before any audio reached ACS", () => {
    const tracker = new PlayoutTracker();
    tracker.recordReceived("item_1", 500);
    expect(tracker.playedAudio(0)).toBeUndefined();
  });

  it("subtracts what ACS still held from what was sent", () => {
    const tracker = new PlayoutTracker();
    tracker.recordReceived("item_1", 2000);
    for (let i = 0; i < 50; i++) tracker.recordSent("item_1", 20);
    expect(tracker.playedAudio(60)).toEqual({ itemId: "item_1", audioEndMs: 940 });
  });

  it("gives no truncation point when everything sent was still buffered", () => {
    const tracker = new PlayoutTracker();
    tracker.recordReceived("item_1", 1000);
    tracker.recordSent("item_1", 20);
    tracker.recordSent("item_1", 20);
    expect(tracker.playedAudio(60)).toBeUndefined();
  });

  it("never exceeds the audio received, even when the last frame was zero-padded", () => {
    const tracker = new PlayoutTracker();
    tracker.recordReceived("item_1", 110);
    for (let i = 0; i < 6; i++) tracker.recordSent("item_1", 20);
    expect(tracker.playedAudio(0)).toEqual({ itemId: "item_1", audioEndMs: 110 });
  });

  it("tracks the item heard last, not the first", () => {
    const tracker = new PlayoutTracker();
    tracker.recordReceived("item_1", 100);
    tracker.recordSent("item_1", 100);
    tracker.recordReceived("item_2", 300);
    tracker.recordSent("item_2", 300);
    expect(tracker.playedAudio(40)).toEqual({ itemId: "item_2", audioEndMs: 260 });
  });

  it("forgets the interrupted item once the playout ended", () => {
    const tracker = new PlayoutTracker();
    tracker.recordReceived("item_1", 100);
    tracker.recordSent("item_1", 100);
    tracker.endPlayout();
    expect(tracker.playedAudio(0)).toBeUndefined();
  });

  it("treats non-finite and negative durations as nothing", () => {
    const tracker = new PlayoutTracker();
    tracker.recordReceived("item_1", Number.NaN);
    tracker.recordReceived("item_1", 100);
    tracker.recordSent("item_1", -20);
    tracker.recordSent("item_1", Number.POSITIVE_INFINITY);
    tracker.recordSent("item_1", 40);
    expect(tracker.playedAudio(Number.NaN)).toEqual({ itemId: "item_1", audioEndMs: 40 });
  });

  it("holds its invariants for any sequence of received, sent and buffered amounts", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.double({ min: -50, max: 500, noNaN: true })), { maxLength: 60 }),
        fc.double({ min: -100, max: 5000, noNaN: true }),
        (steps, bufferedMs) => {
          const tracker = new PlayoutTracker();
          let received = 0;
          let sent = 0;
          for (const [isSend, ms] of steps) {
            if (isSend) {
              tracker.recordSent("item", ms);
              sent += Math.max(0, ms);
            } else {
              tracker.recordReceived("item", ms);
              received += Math.max(0, ms);
            }
          }
          const heard = tracker.heardMs("item", bufferedMs);
          expect(heard).toBeGreaterThanOrEqual(0);
          expect(Number.isInteger(heard)).toBe(true);
          expect(heard).toBeLessThanOrEqual(Math.min(sent, received) + 1e-9);
          expect(heard).toBeLessThanOrEqual(Math.max(0, sent - Math.max(0, bufferedMs)) + 1e-9);
          const played = tracker.playedAudio(bufferedMs);
          if (played) expect(played.audioEndMs).toBe(heard);
          else expect(heard).toBe(0);
        },
      ),
    );
  });
});
