import {
  type AcsLink,
  CallSession,
  encodeAcsAudioFrame,
  silentLogger,
  type VoiceLiveLink,
} from "@acs-voice/media-worker";
import { type AcsAudioFormat, FakeClock, parseServerEvent } from "@acs-voice/shared";
import type { BenchSection } from "./section.js";
import { formatSpread, type Spread } from "./statistics.js";
import { timeInterleaved } from "./timing.js";

// The media worker's per-frame cost, measured through a real CallSession (only the sockets are
// replaced: the Voice Live side swallows text, the ACS side encodes each frame exactly as the real
// socket adapter does and drops it). Inbound: one ACS AudioData JSON frame -> decode -> (resample) ->
// `input_audio_buffer.append` text. Outbound: one Voice Live `response.audio.delta` JSON text of
// 100 ms -> parse -> (resample) -> 20 ms frames -> pacer (manual clock advanced 100 ms) -> AudioData JSON.

const CASES: { label: string; format: AcsAudioFormat; modelHz: 16000 | 24000 }[] = [
  { label: "ACS 24 kHz, model 24 kHz (no resampling)", format: "pcm24KMono", modelHz: 24000 },
  { label: "ACS 16 kHz, model 16 kHz (no resampling)", format: "pcm16KMono", modelHz: 16000 },
  { label: "ACS 16 kHz, model 24 kHz (resampled both ways)", format: "pcm16KMono", modelHz: 24000 },
];
const DELTA_MS = 100;
const FRAMES_PER_DELTA = DELTA_MS / 20;

export const mediaPathSection: BenchSection = {
  title: "Media worker: ns per 20 ms frame on the call path",
  async run() {
    const rows: { label: string; inbound: Spread; outbound: Spread }[] = [];
    for (const c of CASES) {
      const inbound = benchCall(c.format, c.modelHz);
      const outbound = benchCall(c.format, c.modelHz);
      const acsHz = c.format === "pcm16KMono" ? 16000 : 24000;
      const frameText = acsFrameText(speechLike(acsHz / 50, acsHz));
      const deltaText = deltaEventText(speechLike((c.modelHz * DELTA_MS) / 1000, c.modelHz));
      const spreads = timeInterleaved(
        new Map([
          ["inbound", () => inbound.session.onAcsMessage(frameText)],
          [
            "outbound",
            () => {
              const event = parseServerEvent(deltaText);
              if (event.type === "response.audio.delta") outbound.session.onVoiceLiveEvent(event);
              outbound.clock.advance(DELTA_MS);
            },
          ],
        ]),
        { warmupIterations: 2_000, iterationsPerRound: 1_000, rounds: 15 },
      );
      if (inbound.appendedChars === 0 || outbound.framesSent === 0)
        throw new Error("media path bench did no work");
      const inboundSpread = spreads.get("inbound");
      const outboundSpread = spreads.get("outbound");
      if (!inboundSpread || !outboundSpread) throw new Error("media path bench lost a subject");
      rows.push({ label: c.label, inbound: inboundSpread, outbound: perFrame(outboundSpread) });
      inbound.session.end("server-closed");
      outbound.session.end("server-closed");
    }
    return render(rows);
  },
};

function benchCall(format: AcsAudioFormat, modelHz: 16000 | 24000) {
  const clock = new FakeClock();
  const state = { appendedChars: 0, framesSent: 0, encodedChars: 0 };
  const voiceLive: VoiceLiveLink = {
    start() {},
    send: () => true,
    sendText(text) {
      state.appendedChars += text.length;
      return true;
    },
    close() {},
  };
  const acs: AcsLink = {
    isOpen: true,
    sendAudio(pcm) {
      state.encodedChars += encodeAcsAudioFrame(pcm).length;
      state.framesSent++;
    },
    stopAudio() {},
    bufferedBytes: () => 0,
    close() {},
    probe: async () => true,
  };
  const session = new CallSession({
    ids: { callId: "bench", callConnectionId: undefined, correlationId: undefined },
    settings: {
      systemPrompt: "bench",
      voiceName: "en-US-AvaNeural",
      greeting: "",
      acsAudioFormat: format,
      modelSampleRateHz: modelHz,
      pacingLeadMs: 60,
    },
    acs,
    voiceLive,
    clock,
    logger: silentLogger(),
    callControl: undefined,
  });
  session.start();
  session.onVoiceLiveOpened(false);
  return {
    session,
    clock,
    get appendedChars() {
      return state.appendedChars;
    },
    get framesSent() {
      return state.framesSent;
    },
  };
}

function perFrame(spread: Spread): Spread {
  const scale = (value: number) => value / FRAMES_PER_DELTA;
  return {
    ...spread,
    median: scale(spread.median),
    p10: scale(spread.p10),
    p90: scale(spread.p90),
    min: scale(spread.min),
    max: scale(spread.max),
  };
}

function render(rows: { label: string; inbound: Spread; outbound: Spread }[]): string {
  return [
    "Nanoseconds per 20 ms frame through a real `CallSession` (media-worker/src/session), sockets",
    "replaced by stubs that keep the encoding: inbound = one ACS AudioData JSON frame to one",
    "`input_audio_buffer.append` text; outbound = a 100 ms `response.audio.delta` JSON text parsed, framed",
    "into 20 ms, paced (manual clock) and encoded as AudioData JSON, divided by its 5 frames. Interleaved,",
    "15 rounds of 1,000 operations after 2,000 warm-up operations. A call needs both directions 50 times a",
    "second; the last column is the share of one core that takes.",
    "",
    "| Case | inbound ns/frame | outbound ns/frame | one core per call |",
    "| --- | ---: | ---: | ---: |",
    ...rows.map((r) => {
      const coreShare = ((r.inbound.median + r.outbound.median) * 50) / 1e9;
      return `| ${r.label} | ${formatSpread(r.inbound)} | ${formatSpread(r.outbound)} | ${(coreShare * 100).toFixed(2)} % |`;
    }),
  ].join("\n");
}

/** One ACS inbound AudioData frame, as ACS sends it. */
function acsFrameText(samples: Int16Array): string {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString("base64");
  return JSON.stringify({
    kind: "AudioData",
    audioData: {
      timestamp: "2026-01-01T00:00:00.000Z",
      participantRawID: "4:+14255550100",
      data,
      silent: false,
    },
  });
}

function deltaEventText(samples: Int16Array): string {
  return JSON.stringify({
    type: "response.audio.delta",
    event_id: "event_bench",
    response_id: "resp_bench",
    item_id: "item_bench",
    output_index: 0,
    content_index: 0,
    delta: Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString("base64"),
  });
}

function speechLike(length: number, sampleRateHz: number): Int16Array {
  return Int16Array.from(
    { length },
    (_, n) =>
      6000 * Math.sin((2 * Math.PI * 220 * n) / sampleRateHz) +
      3000 * Math.sin((2 * Math.PI * 1900 * n) / sampleRateHz),
  );
}
