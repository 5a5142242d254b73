/**
 * The ACS media socket going away while the call does not, on a fake clock with fake sockets: what ACS
 * (the media link and Call Automation) and Voice Live receive when the socket closes normally, drops
 * abnormally, stops answering pings, or is replaced by ACS reconnecting.
 */

import { FakeClock } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import type { CallEvent } from "../src/session/call-events.js";
import {
  acsAudioFrame,
  audioDelta,
  createTestCall,
  FakeAcs,
  rampSamples,
  responseCreated,
  responseDone,
} from "./fakes.js";

const GRACE_MS = 8_000;

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

function call(greeting = "") {
  const clock = new FakeClock();
  const test = createTestCall(clock, { greeting });
  const events: CallEvent[] = [];
  test.session.subscribe((event) => events.push(event));
  test.openVoiceLive();
  return { clock, events, ...test };
}

describe("the ACS media socket closes", () => {
  it("normally (1000): the caller hung up; nothing is asked of Call Automation", async () => {
    const { session, callControl, ended } = call();
    session.onAcsClosed(1000);
    await settle();
    expect(ended.map((e) => e.reason)).toEqual(["caller-hung-up"]);
    expect(callControl.hungUp).toEqual([]);
    expect(callControl.statusLookups).toBe(0);
  });

  it("abnormally (1006): the call waits for ACS to reconnect, then hangs up through Call Automation", async () => {
    const { clock, session, acs, callControl, ended, voiceLive } = call();
    session.onAcsClosed(1006, acs);
    clock.advance(GRACE_MS - 1);
    await settle();
    expect(ended).toEqual([]);
    expect(callControl.hungUp).toEqual([]);
    expect(voiceLive.closed).toBe(false);
    clock.advance(1);
    await settle();
    expect(callControl.statusLookups).toBe(1);
    expect(callControl.hungUp).toEqual(["conn-1"]);
    expect(ended.map((e) => e.reason)).toEqual(["media-lost"]);
    expect(ended[0]?.metrics.acsMediaLosses).toBe(1);
    expect(voiceLive.closed).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it("abnormally, and ACS reports the call gone, being transferred or streaming elsewhere: no hang-up", async () => {
    for (const status of [
      { kind: "gone" } as const,
      { kind: "present", state: "transferring", ourNumber: undefined, mediaStreaming: undefined } as const,
      { kind: "present", state: "disconnected", ourNumber: undefined, mediaStreaming: undefined } as const,
      // streaming again, to another replica
      { kind: "present", state: "connected", ourNumber: undefined, mediaStreaming: "active" } as const,
    ]) {
      const { clock, session, callControl, ended } = call();
      callControl.callStatus = status;
      session.onAcsClosed(1006);
      clock.advance(GRACE_MS);
      await settle();
      expect(callControl.hungUp).toEqual([]);
      expect(ended.map((e) => e.reason)).toEqual(["media-lost"]);
    }
  });

  it("stops answering pings: the same wait, then the hang-up", async () => {
    const { clock, session, acs, callControl, ended } = call();
    session.mediaLost("heartbeat-missed", acs);
    // the terminated socket's close follows; it changes nothing
    session.onAcsClosed(1006, acs);
    clock.advance(GRACE_MS);
    await settle();
    expect(callControl.hungUp).toEqual(["conn-1"]);
    expect(ended.map((e) => e.reason)).toEqual(["heartbeat-missed"]);
  });
});

describe("ACS reconnects the media", () => {
  it("within the grace: the call goes on over the new socket, same Voice Live session, no second greeting", async () => {
    const { clock, session, acs, callControl, ended, voiceLive, serverEvent, events } = call("Hello.");
    // the greeting was asked for and answered before the drop
    expect(voiceLive.ofType("response.create")).toHaveLength(1);
    serverEvent(responseCreated("greeting"));
    serverEvent(responseDone("greeting"));
    session.onAcsClosed(1006, acs);
    clock.advance(2_000);
    const reconnected = new FakeAcs(clock);
    session.resumeMedia(reconnected);
    clock.advance(GRACE_MS * 2);
    await settle();
    expect(callControl.hungUp).toEqual([]);
    expect(ended).toEqual([]);
    // the caller is heard again
    const appendsBefore = voiceLive.ofType("input_audio_buffer.append").length;
    session.onAcsMessage(acsAudioFrame(rampSamples(480)));
    expect(voiceLive.ofType("input_audio_buffer.append")).toHaveLength(appendsBefore + 1);
    // and hears the model on the new socket only
    serverEvent(responseCreated("r1"));
    serverEvent(audioDelta("r1", "item_1", rampSamples(2_400)));
    clock.advance(200);
    expect(reconnected.audio.length).toBeGreaterThan(0);
    expect(acs.audio).toHaveLength(0);
    expect(voiceLive.ofType("response.create")).toHaveLength(1);
    expect(voiceLive.ofType("session.update")).toHaveLength(1);
    expect(voiceLive.closed).toBe(false);
    expect(events.filter((e) => e.type === "media").map((e) => (e.type === "media" ? e.change : ""))).toEqual(
      ["lost", "resumed"],
    );
    expect(session.metricsSnapshot()).toMatchObject({ acsMediaLosses: 1, acsMediaResumes: 1 });
  });

  it("before the old socket was seen to drop: the old one is closed and its late close is ignored", async () => {
    const { clock, session, acs, ended } = call();
    const reconnected = new FakeAcs(clock);
    session.resumeMedia(reconnected);
    expect(acs.closedWith?.code).toBe(1000);
    session.onAcsClosed(1006, acs);
    clock.advance(GRACE_MS * 2);
    await settle();
    expect(ended).toEqual([]);
    session.onAcsClosed(1000, reconnected);
    expect(ended.map((e) => e.reason)).toEqual(["caller-hung-up"]);
  });

  it("after the call ended: the new socket is closed at once", async () => {
    const { clock, session } = call();
    session.onAcsClosed(1000);
    const late = new FakeAcs(clock);
    session.resumeMedia(late);
    expect(late.closedWith?.code).toBe(1000);
  });
});
