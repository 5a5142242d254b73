/**
 * The moment a replacement Voice Live session takes over, with the real CallSession and
 * VoiceLiveConnection on fake sockets and a fake clock: an open replacement that meets a busy call waits,
 * without polling, and is swapped in at the very event that makes the call quiet. Observed as the
 * service sees it: what each socket received, and when the old one was closed.
 */
import { FakeClock } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import type { CallEvent } from "../src/session/call-events.js";
import type { CallSession } from "../src/session/call-session.js";
import { connectionOnFakeSockets } from "./fake-voice-live-socket.js";
import { audioDelta, rampSamples, responseCreated, responseDone, speechStarted } from "./fakes.js";
import { RENEW_AFTER_MS, renewingCallSession } from "./renewing-call.js";

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

async function renewingCall() {
  const clock = new FakeClock();
  const events: CallEvent[] = [];
  let session: CallSession | undefined;
  const { link, sockets } = connectionOnFakeSockets(clock, {
    opened: (reconnected) => session?.onVoiceLiveOpened(reconnected),
    event: (event) => session?.onVoiceLiveEvent(event),
    badMessage: (kind) => session?.onVoiceLiveBadMessage(kind),
    lost: () => session?.onVoiceLiveLost(),
    renewed: () => session?.onVoiceLiveRenewed(),
    failed: () => session?.onVoiceLiveFailed(),
  });
  const call = renewingCallSession(clock, link);
  session = call;
  call.subscribe((event) => events.push(event));
  call.start();
  await settle();
  const current = sockets[0];
  if (!current) throw new Error("no connection");
  current.serverOpens();
  current.serverSends({ type: "session.created", event_id: "e1", session: { id: "sess_1" } });
  /** The caller asks something; the service starts its answer. */
  const callerTurn = () => {
    current.serverSends(speechStarted());
    current.serverSends({
      type: "conversation.item.input_audio_transcription.completed",
      item_id: "item_user",
      content_index: 0,
      transcript: "What are your opening hours?",
    });
    current.serverSends({
      type: "input_audio_buffer.speech_stopped",
      audio_end_ms: 1_000,
      item_id: "item_user",
    });
    current.serverSends(responseCreated("resp_1"));
  };
  /** The renewal time comes and the replacement session opens. */
  const replacementOpens = async () => {
    clock.advance(RENEW_AFTER_MS);
    await settle();
    const replacement = sockets[1];
    if (!replacement) throw new Error("no replacement opened");
    replacement.serverOpens();
    return replacement;
  };
  const renewedAtMs = () =>
    events.flatMap((e) => (e.type === "voice-live" && e.change === "renewed" ? [e.atMs] : []));
  return { clock, sockets, current, callerTurn, replacementOpens, renewedAtMs };
}

describe("a replacement Voice Live session that opens while the bot answers", () => {
  it("takes over at the response.done that makes the call quiet, with the conversation so far", async () => {
    const { clock, current, callerTurn, replacementOpens, renewedAtMs } = await renewingCall();
    callerTurn();
    const replacement = await replacementOpens();

    clock.advance(5_000); // the answer is still being generated: nothing moves, however long
    expect(replacement.sent).toEqual([]);
    expect(current.closedWith).toBeUndefined();
    const sentOnCurrent = current.sent.length;

    const answeredAtMs = clock.now();
    current.serverSends(responseDone("resp_1"));

    expect(replacement.sentTypes).toEqual(["session.update", "conversation.item.create"]);
    expect(replacement.sent[1]).toContain("What are your opening hours?");
    expect(current.closedWith).toEqual({ code: 1000, reason: "session renewed" });
    expect(current.sent).toHaveLength(sentOnCurrent);
    expect(renewedAtMs()).toEqual([answeredAtMs]);
  });

  it("waits for the answer's audio to play out before taking over", async () => {
    const { clock, current, callerTurn, replacementOpens, renewedAtMs } = await renewingCall();
    callerTurn();
    const replacement = await replacementOpens();
    // 200 ms of the answer's audio at 24 kHz, then its end
    current.serverSends(audioDelta("resp_1", "item_bot", rampSamples(4_800)));
    current.serverSends({
      type: "response.audio.done",
      response_id: "resp_1",
      item_id: "item_bot",
      output_index: 0,
      content_index: 0,
    });
    current.serverSends(responseDone("resp_1"));
    const doneAtMs = clock.now();
    expect(replacement.sent).toEqual([]); // the caller still hears the answer

    clock.advance(1_000);
    expect(replacement.sentTypes[0]).toBe("session.update");
    expect(current.closedWith?.code).toBe(1000);
    const [swappedAtMs] = renewedAtMs();
    expect(swappedAtMs).toBeGreaterThan(doneAtMs);
    expect(swappedAtMs).toBeLessThanOrEqual(doneAtMs + 200);
  });

  it("drops the replacement after the window without a quiet moment, and tries again later", async () => {
    const { clock, sockets, current, callerTurn, replacementOpens, renewedAtMs } = await renewingCall();
    callerTurn();
    const replacement = await replacementOpens();

    clock.advance(60_000); // the answer never ends
    expect(replacement.closedWith).toEqual({ code: 1000, reason: "renewal abandoned" });
    expect(replacement.sent).toEqual([]);
    expect(current.closedWith).toBeUndefined();
    expect(renewedAtMs()).toEqual([]);

    clock.advance(30_000);
    await settle();
    const second = sockets[2];
    if (!second) throw new Error("the renewal was not tried again");
    second.serverOpens();
    expect(second.sent).toEqual([]); // still busy: this one waits as well
    current.serverSends(responseDone("resp_1"));
    expect(second.sentTypes[0]).toBe("session.update");
    expect(current.closedWith?.code).toBe(1000);
  });
});
