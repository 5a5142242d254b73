/**
 * CallSession with fake sockets on a fake clock: what each peer (ACS, Voice Live, Call Automation)
 * receives — session setup and greeting, the caller's audio (silent frames too, held while Voice Live is
 * not open), paced model audio, bad frames counted, Voice Live failure ending the call audibly.
 */
import {
  FakeClock,
  parseServerEvent,
  type ServerEvent,
  type SessionResource,
  type SessionUpdatedEvent,
} from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { readFixtureJson } from "../../shared/test/fixtures.js";
import {
  acsAudioFrame,
  audioDelta,
  createTestCall,
  rampSamples,
  responseCreated,
  responseDone,
  toBase64,
} from "./fakes.js";

describe("CallSession setup", () => {
  it("configures the session for 24 kHz ACS audio with no conversion, then asks the model to greet", () => {
    const clock = new FakeClock();
    const { voiceLive, openVoiceLive } = createTestCall(clock);
    expect(voiceLive.started).toBe(true);
    openVoiceLive();
    expect(voiceLive.sent.map((e) => e.type)).toEqual(["session.update", "response.create"]);
    const [update] = voiceLive.ofType("session.update");
    expect(update?.session).toMatchObject({
      instructions: "You are a test bot.",
      voice: { type: "azure-standard", name: "en-US-AvaNeural" },
      input_audio_format: "pcm16",
      input_audio_sampling_rate: 24000,
      output_audio_format: "pcm16",
      turn_detection: { type: "azure_semantic_vad", interrupt_response: true },
      input_audio_noise_reduction: { type: "azure_deep_noise_suppression" },
      input_audio_echo_cancellation: { type: "server_echo_cancellation" },
      input_audio_transcription: { model: "gpt-4o-transcribe" },
    });
    // The greeting keeps the persona: a response's instructions are its whole system message.
    const greeting = voiceLive.ofType("response.create")[0]?.response?.instructions ?? "";
    expect(greeting).toContain("Hello from the test.");
    expect(greeting.startsWith("You are a test bot.")).toBe(true);
  });

  it("uses 16 kHz both ways for pcm16KMono, an OpenAI voice for a plain name, and no greeting when empty", () => {
    const clock = new FakeClock();
    const { voiceLive, openVoiceLive } = createTestCall(clock, {
      acsAudioFormat: "pcm16KMono",
      voiceName: "alloy",
      greeting: "",
    });
    openVoiceLive();
    expect(voiceLive.sent.map((e) => e.type)).toEqual(["session.update"]);
    expect(voiceLive.ofType("session.update")[0]?.session).toMatchObject({
      input_audio_sampling_rate: 16000,
      output_audio_format: "pcm16_16000hz",
      voice: { type: "openai", name: "alloy" },
    });
  });
});

describe("CallSession inbound audio", () => {
  it("holds early frames until Voice Live is configured, then forwards every frame, silent ones too", () => {
    const clock = new FakeClock();
    const { session, voiceLive, openVoiceLive } = createTestCall(clock, { greeting: "" });
    const frames = [rampSamples(480, 0), rampSamples(480, 480), new Int16Array(480), rampSamples(480, 1440)];
    session.onAcsMessage(acsAudioFrame(frames[0] as Int16Array));
    session.onAcsMessage(acsAudioFrame(frames[1] as Int16Array));
    openVoiceLive();
    session.onAcsMessage(acsAudioFrame(frames[2] as Int16Array, true));
    session.onAcsMessage(acsAudioFrame(frames[3] as Int16Array));
    expect(voiceLive.sent[0]?.type).toBe("session.update");
    const appends = voiceLive.ofType("input_audio_buffer.append");
    expect(appends.map((a) => a.audio)).toEqual(frames.map((f) => toBase64(f)));
    expect(session.metrics.framesIn).toBe(4);
    expect(session.metrics.silentFramesIn).toBe(1);
  });

  it("gives a silent frame without samples its 20 ms of silence", () => {
    const clock = new FakeClock();
    const { session, voiceLive, openVoiceLive } = createTestCall(clock, { acsAudioFormat: "pcm16KMono" });
    openVoiceLive();
    session.onAcsMessage(JSON.stringify({ kind: "AudioData", audioData: { data: "", silent: true } }));
    const [append] = voiceLive.ofType("input_audio_buffer.append");
    expect(Buffer.from(append?.audio ?? "", "base64")).toEqual(Buffer.alloc(640));
  });

  it("bounds what it holds before Voice Live opens, dropping the oldest and counting them", () => {
    const clock = new FakeClock();
    const { session, voiceLive, openVoiceLive } = createTestCall(clock, { greeting: "" });
    for (let i = 0; i < 130; i++) session.onAcsMessage(acsAudioFrame(rampSamples(480, i)));
    openVoiceLive();
    const appends = voiceLive.ofType("input_audio_buffer.append");
    expect(appends).toHaveLength(100);
    expect(appends[0]?.audio).toBe(toBase64(rampSamples(480, 30)));
    expect(session.metrics.inboundDropped).toBe(30);
  });

  it("counts malformed and unknown ACS frames and keeps the call going", () => {
    const clock = new FakeClock();
    const { session, voiceLive, openVoiceLive, acs } = createTestCall(clock, { greeting: "" });
    openVoiceLive();
    session.onAcsMessage("{not json");
    session.onAcsMessage(JSON.stringify({ kind: "SomethingNew", somethingNew: {} }));
    session.onAcsMessage(new Uint8Array([0xff, 0xfe, 0x00]));
    session.onAcsMessage(acsAudioFrame(rampSamples(480)));
    expect(session.metrics.acsMalformed).toBe(2);
    expect(session.metrics.acsUnknown).toBe(1);
    expect(voiceLive.ofType("input_audio_buffer.append")).toHaveLength(1);
    expect(acs.isOpen).toBe(true);
  });
});

describe("CallSession outbound audio", () => {
  it("re-frames model deltas into 20 ms frames sent at real time plus the lead, unchanged", () => {
    const clock = new FakeClock();
    const { session, acs, openVoiceLive, serverEvent } = createTestCall(clock);
    openVoiceLive();
    const answer = rampSamples(24_000); // 1 s at 24 kHz, delivered in odd-sized deltas
    serverEvent(responseCreated("resp_1"));
    for (let offset = 0; offset < answer.length; offset += 7_001) {
      serverEvent(audioDelta("resp_1", "item_1", answer.subarray(offset, offset + 7_001)));
    }
    expect(acs.audio).toHaveLength(3);
    clock.advance(2_000);
    expect(acs.audio).toHaveLength(50);
    expect(acs.audio.every((m) => m.pcm.byteLength === 960)).toBe(true);
    expect(acs.audio.map((m) => m.atMs).slice(0, 6)).toEqual([0, 0, 0, 20, 40, 60]);
    const heard = Buffer.concat(acs.audio.map((m) => m.pcm));
    expect(heard.equals(Buffer.from(answer.buffer))).toBe(true);
    expect(session.metrics.framesOut).toBe(50);
    expect(session.metrics.timeToFirstAudioMs).toBe(0);
  });

  it("pads the last partial frame of an item with silence when its audio is done", () => {
    const clock = new FakeClock();
    const { acs, openVoiceLive, serverEvent } = createTestCall(clock);
    openVoiceLive();
    serverEvent(audioDelta("resp_1", "item_1", rampSamples(500)));
    expect(acs.audio).toHaveLength(1);
    serverEvent({
      type: "response.audio.done",
      response_id: "resp_1",
      item_id: "item_1",
      output_index: 0,
      content_index: 0,
    });
    expect(acs.audio).toHaveLength(2);
    const tail = new Int16Array(acs.audio[1]?.pcm.slice().buffer as ArrayBuffer);
    expect(Array.from(tail.subarray(0, 20))).toEqual(Array.from(rampSamples(20, 480)));
    expect(tail.subarray(20).every((s) => s === 0)).toBe(true);
  });

  it("converts 24 kHz model audio to 16 kHz ACS frames when the model rate is forced", () => {
    const clock = new FakeClock();
    const { voiceLive, acs, openVoiceLive, serverEvent } = createTestCall(clock, {
      acsAudioFormat: "pcm16KMono",
      modelSampleRateHz: 24000,
    });
    openVoiceLive();
    expect(voiceLive.ofType("session.update")[0]?.session).toMatchObject({
      input_audio_sampling_rate: 24000,
      output_audio_format: "pcm16",
    });
    const tone = new Int16Array(24_000);
    for (let i = 0; i < tone.length; i++)
      tone[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 24_000));
    serverEvent(audioDelta("resp_1", "item_1", tone));
    clock.advance(2_000);
    expect(acs.audio.length).toBeGreaterThanOrEqual(49);
    expect(acs.audio.every((m) => m.pcm.byteLength === 640)).toBe(true);
  });
});

describe("CallSession when Voice Live is lost", () => {
  it("plays a short tone, hangs up through Call Automation, closes ACS and leaves no timer", async () => {
    const clock = new FakeClock();
    const { session, acs, voiceLive, callControl, ended, openVoiceLive, serverEvent } = createTestCall(clock);
    openVoiceLive();
    serverEvent(responseCreated("resp_1"));
    serverEvent(audioDelta("resp_1", "item_1", rampSamples(24_000)));
    clock.advance(200);
    session.onVoiceLiveFailed();
    const stopIndex = acs.sent.findIndex((m) => m.kind === "stop");
    expect(stopIndex).toBeGreaterThan(0);
    clock.advance(2_000);
    await new Promise((resolve) => setImmediate(resolve)); // let the hang-up request settle
    const toneFrames = acs.sent.slice(stopIndex + 1);
    expect(toneFrames.length).toBeGreaterThanOrEqual(25);
    // none of the old answer after the stop: the tone is a pure sine, not the ramp
    const firstTone = new Int16Array(
      toneFrames[0]?.kind === "audio" ? toneFrames[0].pcm.slice().buffer : new ArrayBuffer(0),
    );
    expect(firstTone[0]).toBe(0);
    expect(callControl.hungUp).toEqual(["conn-1"]);
    expect(acs.isOpen).toBe(false);
    expect(voiceLive.closed).toBe(true);
    expect(ended.map((e) => e.reason)).toEqual(["voice-live-unavailable"]);
    expect(clock.pendingTimers).toBe(0);
  });

  it("on a reconnect, configures the new session and has the model ask the caller to repeat", () => {
    const clock = new FakeClock();
    const { session, voiceLive, acs, openVoiceLive, serverEvent } = createTestCall(clock);
    openVoiceLive();
    serverEvent(responseCreated("resp_1"));
    serverEvent(audioDelta("resp_1", "item_1", rampSamples(24_000)));
    session.onVoiceLiveLost();
    expect(acs.sent[acs.sent.length - 1]?.kind).toBe("stop");
    voiceLive.sent.length = 0;
    openVoiceLive(true);
    expect(voiceLive.sent.map((e) => e.type)).toEqual(["session.update", "response.create"]);
    serverEvent(audioDelta("resp_1", "item_1", rampSamples(480)));
    const before = acs.audio.length;
    clock.advance(1_000);
    expect(acs.audio.length).toBe(before);
    expect(session.metrics.voiceLiveReconnects).toBe(1);
  });
});

describe("CallSession ending", () => {
  it("when ACS closes, closes Voice Live, stops pacing and reports once", () => {
    const clock = new FakeClock();
    const { session, voiceLive, acs, ended, openVoiceLive, serverEvent } = createTestCall(clock);
    openVoiceLive();
    serverEvent(responseDone("resp_0"));
    serverEvent(audioDelta("resp_1", "item_1", rampSamples(48_000)));
    clock.advance(100);
    acs.isOpen = false;
    session.onAcsClosed(1000);
    session.onAcsClosed(1000);
    expect(voiceLive.closed).toBe(true);
    expect(ended).toHaveLength(1);
    expect(ended[0]?.reason).toBe("caller-hung-up");
    expect(clock.pendingTimers).toBe(0);
    const sentBefore = acs.sent.length;
    clock.advance(5_000);
    expect(acs.sent.length).toBe(sentBefore);
  });
});

describe("CallSession when ACS announces another rate", () => {
  it("follows AudioMetadata: 16 kHz frames converted for a 24 kHz session, 16 kHz frames back", () => {
    const clock = new FakeClock();
    const { session, voiceLive, acs, openVoiceLive, serverEvent } = createTestCall(clock, { greeting: "" });
    openVoiceLive();
    session.onAcsMessage(
      JSON.stringify({
        kind: "AudioMetadata",
        audioMetadata: {
          subscriptionId: "sub",
          encoding: "PCM",
          sampleRate: 16000,
          channels: 1,
          length: 640,
        },
      }),
    );
    for (let i = 0; i < 50; i++) session.onAcsMessage(acsAudioFrame(rampSamples(320, i * 320)));
    const appendedSamples = voiceLive
      .ofType("input_audio_buffer.append")
      .reduce((sum, a) => sum + Buffer.from(a.audio, "base64").byteLength / 2, 0);
    // one second at 16 kHz became (about) one second at 24 kHz for the model
    expect(Math.abs(appendedSamples - 24_000)).toBeLessThanOrEqual(48);
    serverEvent(audioDelta("resp_1", "item_1", rampSamples(24_000)));
    clock.advance(2_000);
    expect(acs.audio.length).toBeGreaterThanOrEqual(49);
    expect(acs.audio.every((m) => m.pcm.byteLength === 640)).toBe(true);
  });
});

describe("CallSession and what the service accepted", () => {
  // The real service's answer to a session.update (recorded), adapted to what the worker asked.
  const recorded = (() => {
    const messages = readFixtureJson<{ messages: { data: { type: string } }[] }>(
      "voicelive/real",
      "test_tool_call_round.json",
    ).messages;
    const updated = messages.find((m) => m.data.type === "session.updated");
    return parseServerEvent(JSON.stringify(updated?.data)) as SessionUpdatedEvent;
  })();
  const updated = (session: Partial<SessionResource>): ServerEvent => ({
    ...recorded,
    session: {
      ...recorded.session,
      modalities: ["audio", "text"],
      voice: { name: "en-US-AvaNeural", type: "azure-standard" },
      tools: [],
      ...session,
    },
  });

  it("plays the model's audio at the rate the service reports, not the one asked for", () => {
    const clock = new FakeClock();
    const { acs, openVoiceLive, serverEvent } = createTestCall(clock, { greeting: "" });
    openVoiceLive();
    serverEvent(updated({ output_audio_format: "pcm16_16000hz" }));
    serverEvent(responseCreated("r1"));
    // One second of 16 kHz speech.
    serverEvent(audioDelta("r1", "item_1", rampSamples(16_000)));
    serverEvent({
      type: "response.audio.done",
      response_id: "r1",
      item_id: "item_1",
      output_index: 0,
      content_index: 0,
    });
    clock.advance(2_000);
    const heardMs = acs.audio.reduce((ms, frame) => ms + (frame.pcm.byteLength / 2 / 24_000) * 1000, 0);
    expect(heardMs).toBeGreaterThanOrEqual(980);
    expect(heardMs).toBeLessThanOrEqual(1_020);
  });

  it("a session without audio output is not served broken: trouble tone, then hang-up", async () => {
    const clock = new FakeClock();
    const { acs, callControl, ended, openVoiceLive, serverEvent } = createTestCall(clock, { greeting: "" });
    openVoiceLive();
    serverEvent(updated({ modalities: ["text"] }));
    clock.advance(2_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(acs.audio.length).toBeGreaterThanOrEqual(25);
    expect(callControl.hungUp).toEqual(["conn-1"]);
    expect(ended.map((e) => e.reason)).toEqual(["voice-live-refused-config"]);
  });
});
