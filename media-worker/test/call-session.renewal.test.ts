/**
 * When CallSession lets a replacement Voice Live session take over: never between the end of the
 * caller's turn and the service's answer to it (a swap there would discard that answer).
 */
import type { ClientEvent } from "@acs-voice/shared";
import { FakeClock } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import type { SessionSwap } from "../src/session/session-renewal.js";
import { FakeVoiceLive, responseCreated, responseDone, speechStarted } from "./fakes.js";
import { RENEW_AFTER_MS, renewingCallSession } from "./renewing-call.js";

/** A link that can renew: keeps the `ready` it is given, to call it as VoiceLiveConnection does. */
class RenewableVoiceLive extends FakeVoiceLive {
  ready: ((swap: SessionSwap) => void) | undefined;
  renew(ready: (swap: SessionSwap) => void): void {
    this.ready = ready;
  }
}

function renewingCall() {
  const clock = new FakeClock();
  const voiceLive = new RenewableVoiceLive();
  const session = renewingCallSession(clock, voiceLive);
  session.start();
  voiceLive.open = true;
  session.onVoiceLiveOpened(false);
  session.onVoiceLiveEvent({ type: "session.created", event_id: "e1", session: { id: "sess_1" } });
  clock.advance(RENEW_AFTER_MS);
  const ready = voiceLive.ready;
  if (!ready) throw new Error("renewal was not started");
  /** A replacement opens now: the events the session swaps it in with at once, undefined if it waits. */
  const setup = (): ClientEvent[] | undefined => {
    let events: ClientEvent[] | undefined;
    ready((given) => {
      events = given;
      return true;
    });
    return events;
  };
  return { session, setup };
}

describe("Voice Live renewal and the caller's turn", () => {
  it("waits from speech_stopped until the service's response to that turn has started", () => {
    const { session, setup } = renewingCall();
    expect(setup()).toBeDefined(); // quiet: nobody has spoken yet

    session.onVoiceLiveEvent(speechStarted());
    session.onVoiceLiveEvent({
      type: "input_audio_buffer.speech_stopped",
      audio_end_ms: 1_000,
      item_id: "item_user",
    });
    expect(setup()).toBeUndefined();

    session.onVoiceLiveEvent(responseCreated("resp_1"));
    session.onVoiceLiveEvent(responseDone("resp_1"));
    expect(setup()).toBeDefined();
  });

  it("is free to renew again after an error instead of a response", () => {
    const { session, setup } = renewingCall();
    session.onVoiceLiveEvent({
      type: "input_audio_buffer.speech_stopped",
      audio_end_ms: 1_000,
      item_id: "item_user",
    });
    expect(setup()).toBeUndefined();
    session.onVoiceLiveEvent({
      type: "error",
      error: { type: "server_error", message: "boom" },
    });
    expect(setup()).toBeDefined();
  });
});
