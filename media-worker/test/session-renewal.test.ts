/** SessionRenewal scheduling on a fake clock: an unusable `expires_at` falls back to the set age. */

import { type ClientEvent, FakeClock } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { SessionRenewal } from "../src/session/session-renewal.js";

const WALL_MS = 1_800_000_000_000;
const SETTINGS = { renewAfterMs: 1_500_000, renewMarginMs: 120_000 };

function renewal() {
  const clock = new FakeClock();
  const renewedAtMs: number[] = [];
  const subject = new SessionRenewal(
    {
      clock,
      wallClock: () => WALL_MS + clock.now(),
      renew: () => renewedAtMs.push(clock.now()),
      isEnded: () => false,
      isQuiet: () => true,
      setupEvents: () => [],
    },
    SETTINGS,
  );
  return { clock, renewedAtMs, subject };
}

describe("SessionRenewal.schedule", () => {
  it("renews the margin before a usable expires_at", () => {
    const { clock, renewedAtMs, subject } = renewal();
    subject.schedule((WALL_MS + 600_000) / 1000);
    clock.advance(2_000_000);
    expect(renewedAtMs).toEqual([480_000]);
  });

  it.each([
    ["already within the margin", (WALL_MS + 60_000) / 1000],
    ["in the past", (WALL_MS - 3_600_000) / 1000],
    ["beyond a timer's range", (WALL_MS + 2 ** 32) / 1000],
    ["not finite", Number.POSITIVE_INFINITY],
  ])("falls back to the set age when expires_at is %s", (_label, expiresAtSec) => {
    const { clock, renewedAtMs, subject } = renewal();
    subject.schedule(expiresAtSec);
    clock.advance(2_000_000);
    expect(renewedAtMs).toEqual([SETTINGS.renewAfterMs]);
  });
});

describe("SessionRenewal swap", () => {
  function waiting() {
    const clock = new FakeClock();
    let quiet = false;
    let ready: ((swap: (events: ClientEvent[]) => boolean) => void) | undefined;
    const subject = new SessionRenewal(
      {
        clock,
        wallClock: () => WALL_MS + clock.now(),
        renew: (given) => {
          ready = given;
        },
        isEnded: () => false,
        isQuiet: () => quiet,
        setupEvents: () => [{ type: "session.update", session: {} }],
      },
      SETTINGS,
    );
    subject.schedule(undefined);
    clock.advance(SETTINGS.renewAfterMs);
    if (!ready) throw new Error("renewal was not started");
    const swapped: ClientEvent[][] = [];
    ready((events) => swapped.push(events) > 0);
    return { subject, swapped, becomeQuiet: () => (quiet = true) };
  }

  it("hands the replacement its events when the call becomes quiet, once", () => {
    const { subject, swapped, becomeQuiet } = waiting();
    subject.callMayBeQuiet();
    expect(swapped).toEqual([]);
    becomeQuiet();
    subject.callMayBeQuiet();
    subject.callMayBeQuiet();
    expect(swapped).toEqual([[{ type: "session.update", session: {} }]]);
  });

  it("forgets a waiting replacement when the call ends", () => {
    const { subject, swapped, becomeQuiet } = waiting();
    subject.close();
    becomeQuiet();
    subject.callMayBeQuiet();
    expect(swapped).toEqual([]);
  });
});
