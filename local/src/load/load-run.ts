// N concurrent real-time calls against one media worker, from one process: every call plays a caller at
// 50 frames a second and, as Voice Live, streams the bot's answers and interrupts some of them. One
// scheduler drives all calls (no timer per call), with each call's 20 ms grid at its own phase, as real
// calls arrive at random moments.
import { acsSampleRateHz, frameSamples, pcm16ToBase64 } from "@acs-voice/shared";
import WebSocket from "ws";
import { type CallAudio, DELTA_MS, FRAME_MS, LoadCall, type LoadLogs } from "./load-call.js";
import type { LatencyFigures, LoadRunOptions, LoadRunResult } from "./load-options.js";
import { SampleLog } from "./sample-log.js";
import type { VoiceLivePeer } from "./voice-live-peer.js";
import { sessionCreatedText } from "./wire.js";

const TICK_MS = 2;
const CONNECT_TIMEOUT_MS = 5_000;
/** Long enough for the last interrupted or 3 s response to finish playing. */
const SETTLE_MS = 3_500;

export async function runLoad(options: LoadRunOptions, peer: VoiceLivePeer): Promise<LoadRunResult> {
  const audio = callAudio(options);
  const logs = newLogs();
  const calls: LoadCall[] = [];
  let connectFailures = 0;
  let running = true;
  let nextTickAtMs = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const loop = () => {
    const now = performance.now();
    for (const call of calls) call.tick(now);
    nextTickAtMs += TICK_MS;
    if (nextTickAtMs < now) nextTickAtMs = now + TICK_MS;
    if (running) timer = setTimeout(loop, Math.max(0, nextTickAtMs - performance.now()));
  };
  loop();

  try {
    for (let i = 0; i < options.calls; i++) {
      const call = new LoadCall(i, audio, logs);
      try {
        await connect(call, options, peer, audio);
        // Calls' 20 ms grids are spread over the frame, as independent calls would be.
        call.start(performance.now() + (((i * FRAME_MS) / Math.max(1, options.calls)) % FRAME_MS));
        calls.push(call);
      } catch {
        connectFailures++;
        call.acs?.terminate();
        call.voiceLive?.terminate();
      }
    }
    await sleep(options.warmupMs);
    logs.measuring = true;
    logs.windowStartMs = performance.now();
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    await sleep(options.measureMs);
    logs.measuring = false;
    const cpu = process.cpuUsage(cpuBefore);
    const generatorCpuShare = (cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore);
    for (const call of calls) call.stopResponding();
    await sleep(SETTLE_MS);
    for (const call of calls) call.finish();
    const c = logs.counters;
    let inboundFramesLost = 0;
    for (const call of calls)
      inboundFramesLost += Math.max(0, call.countedFramesSent - call.countedFramesArrived);
    return {
      calls: options.calls,
      connected: calls.length,
      connectFailures,
      inboundLatencyMs: figures(logs.inboundLatency),
      outboundLatencyMs: figures(logs.outboundLatency),
      bargeInStopAudioMs: figures(logs.bargeInStopAudio),
      bargeInHeardStopMs: figures(logs.bargeInHeardStop),
      inboundFramesSent: c.inboundFramesSent,
      inboundFramesLost,
      outboundFramesExpected: c.outboundFramesExpected,
      outboundFramesReceived: c.outboundFramesReceived,
      outboundFramesDropped: c.outboundFramesDropped,
      outboundFramesLate: c.outboundFramesLate,
      framesAfterStopAudio: c.framesAfterStopAudio,
      bargeIns: c.bargeIns,
      stopAudiosMissing: c.stopAudiosMissing,
      responses: c.responses,
      generatorSendLagMs: figures(logs.sendLag),
      generatorCpuShare,
      callsClosedByWorker: calls.filter((call) => call.closedByWorker).length,
    };
  } finally {
    running = false;
    if (timer) clearTimeout(timer);
    await Promise.all(calls.map((call) => hangUp(call)));
  }
}

async function connect(call: LoadCall, options: LoadRunOptions, peer: VoiceLivePeer, audio: CallAudio) {
  const voiceLiveSocket = peer.nextConnection(CONNECT_TIMEOUT_MS);
  const acs = new WebSocket(options.workerMediaUrl, {
    headers: {
      authorization: options.authorization,
      "x-ms-call-connection-id": `load-call-${call.index}`,
      "x-ms-call-correlation-id": `load-correlation-${call.index}`,
    },
    maxPayload: 1024 * 1024,
    perMessageDeflate: false,
    // The generator trusts the worker's UTF-8; checking it would only make the generator the bottleneck sooner.
    skipUTF8Validation: true,
    // An all-zero mask lets ws send the prepared frame as it is (no random key, no masked copy per frame).
    // The worker unmasks every frame the same way whatever the key, so its cost is what real ACS causes.
    generateMask: (mask: Buffer) => {
      mask.fill(0);
    },
  });
  call.acs = acs;
  acs.on("message", (data) => call.onWorkerMessage(data));
  acs.on("error", () => {});
  acs.on("close", () => {
    call.closedByWorker ||= call.acs !== undefined;
  });
  const opened = new Promise<void>((resolve, reject) => {
    acs.once("open", () => resolve());
    acs.once("unexpected-response", (_request, response) => {
      response.resume();
      reject(new Error(`upgrade refused: ${response.statusCode}`));
    });
    acs.once("close", () => reject(new Error("closed before open")));
  });
  await opened;
  acs.send(
    JSON.stringify({
      kind: "AudioMetadata",
      audioMetadata: {
        subscriptionId: `load-${call.index}`,
        encoding: "PCM",
        sampleRate: acsSampleRateHz(options.format),
        channels: 1,
        length: audio.acsFrameBytes,
      },
    }),
  );
  const vl = await voiceLiveSocket;
  call.voiceLive = vl;
  vl.on("error", () => {});
  const updated = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no session.update")), CONNECT_TIMEOUT_MS);
    vl.on("message", (data) =>
      call.onVoiceLiveMessage(data, () => {
        clearTimeout(timer);
        resolve();
      }),
    );
  });
  vl.send(sessionCreatedText(`sess_load_${call.index}`));
  await updated;
}

async function hangUp(call: LoadCall): Promise<void> {
  const acs = call.acs;
  call.acs = undefined;
  if (!acs || acs.readyState === WebSocket.CLOSED) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      acs.terminate();
      resolve();
    }, 3_000);
    acs.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
    acs.close(1000);
  });
}

function callAudio(options: LoadRunOptions): CallAudio {
  const acsHz = acsSampleRateHz(options.format);
  const acsFrame = speechLike(frameSamples(acsHz, FRAME_MS), acsHz);
  const delta = speechLike((options.modelSampleRateHz * DELTA_MS) / 1000, options.modelSampleRateHz);
  const callerFrameText = JSON.stringify({
    kind: "AudioData",
    audioData: {
      timestamp: "2026-01-01T00:00:00.000Z",
      participantRawID: "4:+14255550100",
      data: pcm16ToBase64(acsFrame),
      silent: false,
    },
  });
  return {
    callerFrame: Buffer.from(callerFrameText, "utf8"),
    deltaBase64: pcm16ToBase64(delta),
    acsFrameBytes: acsFrame.byteLength,
    modelFrameSamples: frameSamples(options.modelSampleRateHz, FRAME_MS),
    framesPerDelta: DELTA_MS / FRAME_MS,
  };
}

/** Two tones well above the silence threshold: a voice-like level that survives resampling. */
function speechLike(length: number, sampleRateHz: number): Int16Array {
  return Int16Array.from(
    { length },
    (_, n) =>
      6000 * Math.sin((2 * Math.PI * 200 * n) / sampleRateHz) +
      3000 * Math.sin((2 * Math.PI * 1000 * n) / sampleRateHz),
  );
}

function newLogs(): LoadLogs {
  return {
    measuring: false,
    windowStartMs: 0,
    inboundLatency: new SampleLog(),
    outboundLatency: new SampleLog(),
    bargeInStopAudio: new SampleLog(),
    bargeInHeardStop: new SampleLog(),
    sendLag: new SampleLog(),
    counters: {
      inboundFramesSent: 0,
      outboundFramesExpected: 0,
      outboundFramesReceived: 0,
      outboundFramesDropped: 0,
      outboundFramesLate: 0,
      framesAfterStopAudio: 0,
      bargeIns: 0,
      stopAudiosMissing: 0,
      responses: 0,
    },
  };
}

function figures(log: SampleLog): LatencyFigures | undefined {
  return log.summary();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
