import { base64ToPcm16, pcm16ToBase64 } from "@acs-voice/shared";
import { StreamingData } from "@azure/communication-call-automation";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readFixtureJson } from "../../../../shared/test/fixtures.js";
import {
  createManualCallerClock,
  createScaledCallerClock,
  type ManualCallerClock,
} from "../../../src/acs/media/caller-clock.js";
import { type MediaClient, startMediaClient } from "../../../src/acs/media/media-client.js";
import type { MediaClientOptions } from "../../../src/acs/media/media-client-options.js";
import { concat, firstNonZero, marker, silence, tone } from "./signals.js";
import {
  countingTimers,
  startDeafPeer,
  startWorkerStandIn,
  type WorkerStandIn,
  waitUntil,
} from "./worker-stand-in.js";

const FIRST_FRAME_AT = Date.UTC(2026, 10, 26, 1, 0, 0);

interface Json {
  [key: string]: unknown;
}

const keys = (value: unknown) => Object.keys(value as Json).sort();
const parse = (text: string) => JSON.parse(text) as Json;
const audioOf = (text: string) => base64ToPcm16((parse(text).audioData as Json).data as string);

let worker: WorkerStandIn;
let clients: MediaClient[];

beforeEach(async () => {
  worker = await startWorkerStandIn();
  clients = [];
});

afterEach(async () => {
  for (const client of clients) client.hangUp();
  await Promise.all(clients.map((client) => client.done));
  await worker.close();
});

function start(options: Partial<MediaClientOptions> & Pick<MediaClientOptions, "caller">): MediaClient {
  const client = startMediaClient({
    transportUrl: worker.url,
    authorization: "Bearer header.payload.signature",
    callConnectionId: "call-connection-1",
    correlationId: "correlation-1",
    format: "pcm16KMono",
    clock: { speed: 10 },
    wallClockMs: () => FIRST_FRAME_AT,
    ...options,
  });
  clients.push(client);
  return client;
}

/**
 * Steps a manual clock one frame at a time. Before each step, whatever the worker sent has reached the
 * caller, and after it the caller's frame has reached the worker: the exchange is deterministic.
 */
async function stepFrames(clock: ManualCallerClock, client: MediaClient, frames: number): Promise<void> {
  for (let i = 0; i < frames; i++) {
    await waitUntil(() => client.received.length >= worker.sentCount, 5_000, "bot audio at the caller");
    const expectedAtWorker = worker.messages.length + 1;
    clock.advance(20);
    await worker.waitForMessages(expectedAtWorker);
  }
}

describe("media client: the ACS side of the media leg", () => {
  it("dials with the bearer token and call ids ACS puts on the upgrade", async () => {
    const client = start({ caller: silence(16000, 100) });
    await worker.waitForMessages(1);
    expect(worker.upgrades[0]).toMatchObject({
      authorization: "Bearer header.payload.signature",
      "x-ms-call-connection-id": "call-connection-1",
      "x-ms-call-correlation-id": "correlation-1",
    });
    client.hangUp();
    await client.done;
  });

  it("sends no Authorization header when none is given (for the worker's rejection tests)", async () => {
    const client = start({ caller: silence(16000, 100), authorization: undefined });
    await worker.waitForMessages(1);
    expect(worker.upgrades[0]?.authorization).toBeUndefined();
    client.hangUp();
    await client.done;
  });

  it.each([
    ["pcm16KMono", 16000, 640],
    ["pcm24KMono", 24000, 960],
  ] as const)(
    "%s: AudioMetadata first, then 20 ms AudioData frames shaped like the real ones",
    async (format, rateHz, frameBytes) => {
      const caller = concat(tone(rateHz, 200), silence(rateHz, 110));
      const client = start({ caller, format, trailingSilenceMs: 0 });
      const report = await client.done;

      const [metadataText, ...frameTexts] = worker.messages;
      const metadata = parse(metadataText ?? "");
      const fixtureMetadata = readFixtureJson<Json>("acs", "ws-audiometadata.sdk-test.json");
      expect(keys(metadata)).toEqual(keys(fixtureMetadata));
      expect(keys(metadata.audioMetadata)).toEqual(keys(fixtureMetadata.audioMetadata));
      expect(metadata.audioMetadata).toMatchObject({
        encoding: "PCM",
        sampleRate: rateHz,
        channels: 1,
        length: frameBytes,
      });
      expect(StreamingData.parse(metadataText ?? "")).toMatchObject({
        sampleRate: rateHz,
        channels: 1,
        encoding: "PCM",
      });

      // 310 ms of caller audio is 16 frames, the last one padded with silence.
      expect(frameTexts).toHaveLength(16);
      expect(report.framesSent).toBe(16);
      const fixtureFrame = readFixtureJson<Json>("acs", "ws-audiodata.sdk-test.json");
      frameTexts.forEach((text, index) => {
        const frame = parse(text);
        expect(keys(frame)).toEqual(keys(fixtureFrame));
        expect(keys(frame.audioData)).toEqual(keys(fixtureFrame.audioData));
        expect(Buffer.from((frame.audioData as Json).data as string, "base64")).toHaveLength(frameBytes);
        const parsed = StreamingData.parse(text);
        expect(StreamingData.getStreamingKind()).toBe("AudioData");
        expect(parsed).toMatchObject({
          timestamp: new Date(FIRST_FRAME_AT + index * 20).toISOString(),
          participant: { kind: "phoneNumber", phoneNumber: "+14255550100" },
        });
      });
      // What was sent is exactly the caller's audio, zero-padded to whole frames.
      const sent = concat(...frameTexts.map(audioOf));
      expect(sent.subarray(0, caller.length)).toEqual(caller);
      expect(report.sent).toEqual(sent);
    },
  );

  it("flags quiet frames silent and still sends them, then keeps the line alive with silence", async () => {
    const rateHz = 16000;
    const caller = concat(
      silence(rateHz, 100),
      tone(rateHz, 100),
      tone(rateHz, 100, 440, 50),
      silence(rateHz, 100),
    );
    const client = start({ caller, trailingSilenceMs: 200 });
    const report = await client.done;

    const silentFlags = worker.messages.slice(1).map((text) => (parse(text).audioData as Json).silent);
    // 5 quiet, 5 loud, 5 under the threshold (a whisper of 50), 5 quiet, then 10 frames of trailing line silence.
    expect(silentFlags).toEqual([
      ...Array(5).fill(true),
      ...Array(5).fill(false),
      ...Array(10).fill(true),
      ...Array(10).fill(true),
    ]);
    expect(StreamingData.parse(worker.messages[1] ?? "")).toMatchObject({ isSilent: true });
    expect(StreamingData.parse(worker.messages[6] ?? "")).toMatchObject({ isSilent: false });
    expect(report.endedBy).toBe("caller");
    expect(report.closeCode).toBe(1000);
  });

  it("plays bot audio sent in either casing, sample for sample, on the caller's timeline", async () => {
    const camel = marker(480, 1);
    const pascal = marker(800, 2);
    worker.onMessage = (_text, index) => {
      if (index !== 3) return;
      worker.send(
        JSON.stringify({ kind: "audioData", audioData: { data: pcm16ToBase64(camel) }, stopAudio: {} }),
      );
      worker.send(
        JSON.stringify({ Kind: "AudioData", AudioData: { Data: pcm16ToBase64(pascal) }, StopAudio: null }),
      );
    };
    const client = start({ caller: silence(16000, 2000), trailingSilenceMs: 0 });
    const report = await client.done;

    expect(report.framesReceived).toBe(2);
    expect(report.heard).toHaveLength(report.sent.length);
    const onset = firstNonZero(report.heard);
    expect(onset % 320).toBe(0);
    expect(report.heard.subarray(onset, onset + 1280)).toEqual(concat(camel, pascal));
    expect(report.heard.subarray(onset + 1280).every((sample) => sample === 0)).toBe(true);
    expect(report.heardFrames.map((frame) => frame.botSamples)).toEqual([320, 320, 320, 320]);
    expect(report.heardFrames[0]?.atMs).toBe((onset / 320) * 20);
    expect(client.received.map((message) => message.kind)).toEqual(["AudioData", "AudioData"]);
  });

  it("counts malformed and unknown messages without letting them into the call", async () => {
    worker.onMessage = (_text, index) => {
      if (index !== 2) return;
      worker.send("not json");
      worker.send('{"kind":"AudioData","audioData":{"data":"@@@@"}}');
      worker.send('{"kind":"Mark","mark":{"name":"x"}}');
    };
    const client = start({ caller: silence(16000, 1000), trailingSilenceMs: 0 });
    const report = await client.done;
    expect(report.malformedCount).toBe(2);
    expect(report.unknownCount).toBe(1);
    expect(report.heard.every((sample) => sample === 0)).toBe(true);
    expect(client.received.map((message) => message.reason ?? message.rawKind)).toEqual([
      "not-json",
      "audio-data-not-base64",
      "Mark",
    ]);
  });

  it("StopAudio drops what is still buffered: silence until new audio comes", async () => {
    const clock = createManualCallerClock();
    const queued = marker(16000, 3); // one second, sent at once
    const after = marker(640, 4);
    const client = start({ caller: silence(16000, 2000), clock });
    await worker.waitForMessages(2);
    worker.send(JSON.stringify({ kind: "AudioData", audioData: { data: pcm16ToBase64(queued) } }));
    await stepFrames(clock, client, 10); // 200 ms of it heard
    worker.send('{"Kind":"StopAudio","AudioData":null,"StopAudio":{}}');
    await stepFrames(clock, client, 10);
    worker.send(JSON.stringify({ kind: "AudioData", audioData: { data: pcm16ToBase64(after) } }));
    await stepFrames(clock, client, 10);
    client.hangUp();
    const report = await client.done;

    expect(report.stopAudioCount).toBe(1);
    expect(report.heard.subarray(320, 320 + 3200)).toEqual(queued.subarray(0, 3200));
    expect(report.heard.subarray(3520, 6720).every((sample) => sample === 0)).toBe(true);
    expect(report.heard.subarray(6720, 6720 + 640)).toEqual(after);
    expect(report.botAudioStoppedMs).toBe(800);
    expect(clock.pendingTimers).toBe(0);
  });

  it("drops bot audio beyond the jitter buffer's bound and reports it", async () => {
    worker.onMessage = (_text, index) => {
      if (index === 1)
        worker.send(
          JSON.stringify({ kind: "AudioData", audioData: { data: pcm16ToBase64(marker(8000, 5)) } }),
        );
    };
    const client = start({ caller: silence(16000, 2000), jitterBufferMs: 200, trailingSilenceMs: 0 });
    const report = await client.done;
    expect(report.botAudioOverflowMs).toBe(300);
    expect(report.heard.filter((sample) => sample !== 0)).toHaveLength(3200);
  });

  it("refuses a message larger than maxPayload: closes with 1009 towards the worker", async () => {
    worker.onMessage = (_text, index) => {
      if (index === 1)
        worker.send(JSON.stringify({ kind: "AudioData", audioData: { data: "A".repeat(4000) } }));
    };
    const client = start({ caller: silence(16000, 2000), maxPayloadBytes: 2000 });
    const report = await client.done;
    expect(report.errorCode).toBe("WS_ERR_UNSUPPORTED_MESSAGE_LENGTH");
    expect(report.framesReceived).toBe(0);
    await waitUntil(() => worker.closeCodes.length > 0);
    expect(worker.closeCodes).toEqual([1009]);
  });

  it("measures caller-stop -> bot latency and barge-in stop time on a scripted exchange", async () => {
    const clock = createManualCallerClock();
    const rateHz = 16000;
    // Caller: speaks 0-1000 ms, quiet, barges in at 2000-2600 ms, quiet until 4000 ms.
    const caller = concat(
      tone(rateHz, 1000),
      silence(rateHz, 1000),
      tone(rateHz, 600),
      silence(rateHz, 1400),
    );
    // The scripted worker answers by call time (frame n is at n * 20 ms):
    worker.onMessage = (_text, index) => {
      const frame = index - 1;
      if (frame === 60)
        worker.send(
          JSON.stringify({ kind: "AudioData", audioData: { data: pcm16ToBase64(tone(rateHz, 1500, 660)) } }),
        );
      if (frame === 110) worker.send('{"kind":"stopAudio","stopAudio":{}}');
      if (frame === 150)
        worker.send(
          JSON.stringify({ kind: "AudioData", audioData: { data: pcm16ToBase64(tone(rateHz, 500, 660)) } }),
        );
    };
    const client = start({ caller, clock, trailingSilenceMs: 0 });
    await worker.waitForMessages(2);
    await stepFrames(clock, client, 199);
    const report = await client.done;

    expect(report.callerSpeechEndsMs).toEqual([1000, 2600]);
    // Bot audio sent on frame 60 (1200 ms) is first heard at the next frame: 1220 ms.
    expect(report.firstBotAudioAfterCallerStopMs).toEqual([220, 420]);
    // StopAudio at frame 110 (2200 ms): the bot is last heard in that frame, i.e. until 2220 ms.
    expect(report.bargeInStopMs).toEqual([220]);
    expect(report.utterances.map((utterance) => utterance.bargeIn)).toEqual([false, true]);
    expect(report.endedBy).toBe("caller");
    expect(clock.pendingTimers).toBe(0);
  });

  it("schedules frames against the start time, so irregular wake-ups neither drift nor skip", async () => {
    const clock = createManualCallerClock();
    const client = start({ caller: silence(16000, 2000), clock });
    await worker.waitForMessages(2);
    let elapsedMs = 0;
    for (const stepMs of [7, 33, 95, 1, 19, 250, 3, 17]) {
      clock.advance(stepMs);
      elapsedMs += stepMs;
      await worker.waitForMessages(2 + Math.floor(elapsedMs / 20));
    }
    client.hangUp();
    await client.done;
    const timestamps = worker.messages.slice(1).map((text) => (parse(text).audioData as Json).timestamp);
    expect(timestamps).toHaveLength(1 + Math.floor(elapsedMs / 20));
    expect(timestamps).toEqual(timestamps.map((_, n) => new Date(FIRST_FRAME_AT + n * 20).toISOString()));
  });

  it("sends DTMF key presses the way ACS reports them", async () => {
    const client = start({ caller: silence(16000, 1000) });
    await worker.waitForMessages(2);
    expect(client.sendDtmf("3#")).toBe(2);
    await waitUntil(() => worker.messages.some((text) => text.includes("DtmfData")));
    client.hangUp();
    const report = await client.done;
    const dtmf = worker.messages.filter((text) => text.includes("DtmfData"));
    expect(dtmf).toEqual([
      '{"kind":"DtmfData","dtmfData":{"data":"3"}}',
      '{"kind":"DtmfData","dtmfData":{"data":"#"}}',
    ]);
    expect(dtmf.map((text) => StreamingData.parse(text))).toEqual([{ data: "3" }, { data: "#" }]);
    expect(report.dtmfSent.map((press) => press.tone)).toEqual(["3", "#"]);
    expect(() => client.sendDtmf("x")).toThrow(RangeError);
  });

  it("caller hang-up closes the socket with 1000 and leaves no timer running", async () => {
    const timers = countingTimers();
    const client = start({ caller: tone(16000, 5000), clock: createScaledCallerClock(5, timers) });
    await worker.waitForMessages(5);
    client.hangUp();
    const report = await client.done;
    expect(report.closeCode).toBe(1000);
    expect(report.endedBy).toBe("caller");
    expect(timers.active).toBe(0);
    const framesAtClose = worker.messages.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(worker.messages).toHaveLength(framesAtClose);
  });

  it("worker hang-up resolves done with the worker's close code and leaves no timer running", async () => {
    const timers = countingTimers();
    const client = start({ caller: tone(16000, 5000), clock: createScaledCallerClock(5, timers) });
    await worker.waitForMessages(5);
    worker.closeConnection(1008, "policy");
    const report = await client.done;
    expect(report).toMatchObject({ closeCode: 1008, closeReason: "policy", endedBy: "worker" });
    expect(report.heard).toHaveLength(report.sent.length);
    expect(report.sent.length).toBe(report.framesSent * 320);
    expect(timers.active).toBe(0);
  });

  it("a worker that never answers the close frame is cut off after the close timeout", async () => {
    const deaf = await startDeafPeer();
    try {
      const timers = countingTimers();
      const client = start({
        transportUrl: deaf.url,
        caller: tone(16000, 5000),
        clock: createScaledCallerClock(1, timers),
        closeTimeoutMs: 100,
      });
      await waitUntil(() => timers.active > 0, 5_000, "the call to start");
      client.hangUp();
      const report = await client.done;
      expect(report.endedBy).toBe("caller");
      expect(report.closeCode).toBe(1006);
      expect(timers.active).toBe(0);
    } finally {
      await deaf.close();
    }
  });

  it("reports a refused upgrade (e.g. 401 for a bad token) without opening the call", async () => {
    const refusing = await startWorkerStandIn({ rejectStatus: 401 });
    try {
      const timers = countingTimers();
      const client = startMediaClient({
        transportUrl: refusing.url,
        authorization: "Bearer forged",
        callConnectionId: "c",
        correlationId: "c",
        format: "pcm24KMono",
        caller: tone(24000, 100),
        clock: createScaledCallerClock(1, timers),
      });
      const report = await client.done;
      expect(report).toMatchObject({
        endedBy: "connect-failed",
        upgradeStatus: 401,
        closeCode: undefined,
        framesSent: 0,
      });
      expect(timers.active).toBe(0);
    } finally {
      await refusing.close();
    }
  });

  it("hanging up before the socket opens resolves done too", async () => {
    const client = start({ caller: tone(16000, 100) });
    client.hangUp();
    const report = await client.done;
    expect(report.endedBy).toBe("connect-failed");
    expect(report.framesSent).toBe(0);
  });
});
