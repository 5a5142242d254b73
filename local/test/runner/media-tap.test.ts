// The runner's tap on the caller's media socket, on a real socket to a worker stand-in: it reports who
// speaks and when StopAudio arrives, and lets every message through as it was.
import { encodeAcsAudioData, encodeAcsStopAudio, pcm16ToBase64 } from "@acs-voice/shared";
import { afterEach, describe, expect, it } from "vitest";
import { startMediaClient } from "../../src/acs/media/index.js";
import type { LiveEvent } from "../../src/runner/live-event.js";
import { createTappedSocketFactory } from "../../src/runner/media-tap.js";
import { startWorkerStandIn, type WorkerStandIn } from "../acs/media/worker-stand-in.js";

const RATE = 16_000;
const FRAME = 320;

function tone(ms: number): Int16Array {
  const samples = new Int16Array((ms * RATE) / 1000);
  for (let i = 0; i < samples.length; i++)
    samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / RATE));
  return samples;
}

function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

let standIn: WorkerStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
});

describe("media tap", () => {
  it("reports caller speech, bot audio and StopAudio, and passes every message through", async () => {
    standIn = await startWorkerStandIn();
    const worker = standIn;
    const events: LiveEvent[] = [];
    const botFrame = encodeAcsAudioData(pcm16ToBase64(tone(20)));
    // The bot speaks as soon as the caller's side is connected, and is cut off by StopAudio later.
    worker.onMessage = (_text, index) => {
      if (index === 0) for (let i = 0; i < 30; i++) worker.send(botFrame);
      if (index === 40) worker.send(encodeAcsStopAudio());
    };
    const client = startMediaClient({
      transportUrl: worker.url,
      callConnectionId: "call-1",
      correlationId: "corr-1",
      format: "pcm16KMono",
      caller: concat(new Int16Array(FRAME * 10), tone(600), new Int16Array(FRAME * 60)),
      clock: { speed: 4 },
      trailingSilenceMs: 200,
      connect: createTappedSocketFactory({ emit: (event) => events.push(event), botHangoverMs: 300 }),
    });
    const report = await client.done;

    expect(events[0]).toEqual({ kind: "media-connected" });
    const kinds = events.map((e) => JSON.stringify(e));
    expect(kinds).toContain(JSON.stringify({ kind: "caller-speech", speaking: true }));
    expect(kinds).toContain(JSON.stringify({ kind: "caller-speech", speaking: false }));
    expect(kinds.indexOf(JSON.stringify({ kind: "caller-speech", speaking: true }))).toBeLessThan(
      kinds.indexOf(JSON.stringify({ kind: "caller-speech", speaking: false })),
    );
    expect(events.filter((e) => e.kind === "stop-audio")).toHaveLength(1);
    const botOn = kinds.indexOf(JSON.stringify({ kind: "bot-audio", audible: true }));
    const botOff = kinds.indexOf(JSON.stringify({ kind: "bot-audio", audible: false }));
    expect(botOn).toBeGreaterThan(0);
    expect(botOff).toBeGreaterThan(botOn);

    // Nothing lost or altered on the way: the stand-in got every frame the client counted.
    const audioFrames = worker.messages.filter((m) => m.includes("AudioData") || m.includes("audioData"));
    expect(audioFrames).toHaveLength(report.framesSent);
    expect(report.framesReceived).toBe(30);
    expect(report.stopAudioCount).toBe(1);
  }, 20_000);
});
