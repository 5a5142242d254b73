/**
 * BotReplies: the one place that says whether the bot is busy. Observed through what reaches the
 * Voice Live socket (response.create with its event_id) and the three definitions the call acts on.
 */
import type { ResponseCreateEvent } from "@acs-voice/shared";
import { FakeClock } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { BotReplies, REQUEST_LOST_AFTER_MS, type ReplyTrouble } from "../src/session/bot-replies.js";

function setup(connected = true) {
  const clock = new FakeClock();
  const sent: ResponseCreateEvent[] = [];
  const troubles: ReplyTrouble[] = [];
  const link = { connected };
  const replies = new BotReplies({
    clock,
    persona: "You are Ava.",
    send: (event) => {
      if (!link.connected) return false;
      sent.push(event);
      return true;
    },
    onTrouble: (trouble) => troubles.push(trouble),
  });
  return { clock, sent, troubles, link, replies };
}

const completed = (id: string) => ({ id, status: "completed" as const, status_details: null });

describe("BotReplies", () => {
  it("asks one reply at a time: a second request waits for the first's response.done", () => {
    const { sent, replies } = setup();
    replies.request({ instructions: "Greet." });
    replies.request({ instructions: "Re-prompt." });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.response?.instructions).toBe("You are Ava.\n\nFor this reply: Greet.");
    replies.created("resp_1");
    replies.done(completed("resp_1"));
    expect(sent).toHaveLength(2);
    expect(sent[1]?.response?.instructions).toContain("Re-prompt.");
    expect(sent[1]?.event_id).not.toBe(sent[0]?.event_id);
  });

  it("is busy from the request until the reply has played out, not only until it was generated", () => {
    const { replies } = setup();
    expect(replies.busy).toBe(false);
    replies.request();
    expect(replies.busy).toBe(true);
    replies.created("resp_1");
    replies.heard("resp_1", 100);
    replies.done(completed("resp_1"));
    expect(replies.busy).toBe(true);
    expect(replies.waitingForCaller).toBe(true);
    expect(replies.quiet).toBe(false);
    replies.playedOut();
    expect(replies.busy).toBe(false);
    expect(replies.quiet).toBe(true);
    expect(replies.firstAudioAt("resp_1")).toBe(100);
    expect(replies.wasHeard("resp_1")).toBe(true);
  });

  it("is not quiet between the caller's turn and the service's reply to it, nor while tools run", () => {
    const { replies } = setup();
    replies.callerStarted();
    expect(replies.quiet).toBe(false);
    replies.callerStopped();
    expect(replies.quiet).toBe(false);
    replies.created("resp_1");
    replies.done(completed("resp_1"));
    expect(replies.quiet).toBe(true);
    replies.toolsStarted();
    expect(replies.waitingForCaller).toBe(false);
    expect(replies.busy).toBe(false);
    replies.toolsFinished();
    expect(replies.quiet).toBe(true);
  });

  it("takes an error as the refusal of its request only when the error names that request's event_id", () => {
    const { sent, troubles, replies } = setup();
    replies.request({ instructions: "Greet." });
    replies.error("some-other-event", "invalid_value");
    expect(replies.inFlight).toBe(true);
    expect(troubles).toEqual([]);
    replies.error(sent[0]?.event_id, "invalid_value");
    expect(replies.inFlight).toBe(false);
    expect(troubles).toEqual(["refused"]);
  });

  it("asks again after the reply running elsewhere is done, when the service says one is active", () => {
    const { sent, replies } = setup();
    replies.request({ instructions: "Greet." });
    replies.error(sent[0]?.event_id, "conversation_already_has_active_response");
    expect(sent).toHaveLength(1);
    expect(replies.busy).toBe(true);
    replies.done({ id: "resp_unknown", status: "failed", status_details: null });
    expect(sent).toHaveLength(2);
    expect(sent[1]?.response?.instructions).toContain("Greet.");
  });

  it("asks for a failed reply once more, then reports it", () => {
    const { sent, troubles, replies } = setup();
    replies.request({ instructions: "Greet." });
    replies.created("resp_1");
    replies.done({ id: "resp_1", status: "failed", status_details: null });
    expect(sent).toHaveLength(2);
    replies.created("resp_2");
    replies.done({ id: "resp_2", status: "failed", status_details: null });
    expect(sent).toHaveLength(2);
    expect(troubles).toEqual(["failed-twice"]);
  });

  it("asks again for a request nobody answered, then reports it", () => {
    const { clock, sent, troubles, replies } = setup();
    replies.request();
    clock.advance(REQUEST_LOST_AFTER_MS);
    expect(sent).toHaveLength(2);
    clock.advance(REQUEST_LOST_AFTER_MS);
    expect(troubles).toEqual(["lost-twice"]);
    expect(replies.busy).toBe(false);
  });

  it("keeps an interrupted reply interrupted, and no longer names it as speaking", () => {
    const { replies } = setup();
    replies.created("resp_1");
    expect(replies.speakingId).toBe("resp_1");
    replies.heard("resp_1", 10);
    replies.interrupt("resp_1");
    expect(replies.speakingId).toBeUndefined();
    expect(replies.isInterrupted("resp_1")).toBe(true);
    // still generating until its response.done: busy
    expect(replies.busy).toBe(true);
    replies.done({ id: "resp_1", status: "cancelled", status_details: null });
    expect(replies.isInterrupted("resp_1")).toBe(true);
    expect(replies.busy).toBe(false);
  });

  it("holds a request while the link is down and sends it when the connection is back", () => {
    const { sent, link, replies } = setup(false);
    replies.request({ instructions: "Greet." });
    expect(sent).toHaveLength(0);
    expect(replies.busy).toBe(true);
    link.connected = true;
    replies.resume();
    expect(sent).toHaveLength(1);
    replies.connectionLost();
    expect(replies.inFlight).toBe(false);
    replies.resume();
    expect(sent).toHaveLength(2);
  });

  it("gives the function calls response.done lists, else the ones announced item by item", () => {
    const { replies } = setup();
    const call = (id: string) => ({
      type: "function_call" as const,
      call_id: id,
      name: "lookup",
      arguments: "{}",
    });
    replies.created("resp_1");
    replies.functionCall("resp_1", call("call_a"));
    expect(replies.functionCallsOf({ id: "resp_1", output: undefined }).map((c) => c.call_id)).toEqual([
      "call_a",
    ]);
    expect(replies.functionCallsOf({ id: "resp_1", output: [call("call_b")] }).map((c) => c.call_id)).toEqual(
      ["call_b"],
    );
  });
});
