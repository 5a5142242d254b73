/**
 * The OpenTelemetry recorder driven with a realistic call, read back the way Application Insights would
 * receive it: what an in-memory metric exporter and an in-memory span exporter got.
 */
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  InMemoryMetricExporter,
  MeterProvider,
  type MetricData,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import type { CallEvent, TurnRecord } from "../../src/session/call-events.js";
import { createCallMetrics } from "../../src/session/call-metrics.js";
import type { CallSummary } from "../../src/session/call-session.js";
import type { CallTelemetry } from "../../src/telemetry/call-telemetry.js";
import { HISTOGRAM_BOUNDARIES, histogramViews, INSTRUMENTS } from "../../src/telemetry/instruments.js";
import { createOtelCallTelemetry } from "../../src/telemetry/otel-call-telemetry.js";

const CALLER_NUMBER = "+14255550123";

interface Harness {
  telemetry: CallTelemetry;
  collectMetrics(): Promise<MetricData[]>;
  spans(): ReadableSpan[];
  close(): Promise<void>;
}

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.close();
});

function startHarness(frameSampleEvery = 50): Harness {
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 60_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader], views: histogramViews() });
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
  const harness: Harness = {
    telemetry: createOtelCallTelemetry({
      meter: meterProvider.getMeter("media-worker"),
      tracer: tracerProvider.getTracer("media-worker"),
      frameSampleEvery,
    }),
    async collectMetrics() {
      await reader.forceFlush();
      const exported = metricExporter.getMetrics();
      return exported.at(-1)?.scopeMetrics.flatMap((scope) => scope.metrics) ?? [];
    },
    spans: () => spanExporter.getFinishedSpans(),
    async close() {
      await meterProvider.shutdown();
      await tracerProvider.shutdown();
    },
  };
  harnesses.push(harness);
  return harness;
}

function metric(all: MetricData[], name: string): MetricData {
  const found = all.find((m) => m.descriptor.name === name);
  if (!found)
    throw new Error(`metric ${name} not exported; got ${all.map((m) => m.descriptor.name).join(", ")}`);
  return found;
}

function points(all: MetricData[], name: string): { attributes: Record<string, unknown>; value: unknown }[] {
  return metric(all, name).dataPoints.map((p) => ({ attributes: { ...p.attributes }, value: p.value }));
}

function histogram(all: MetricData[], name: string): Histogram {
  const dataPoints = metric(all, name).dataPoints as DataPoint<Histogram>[];
  expect(dataPoints).toHaveLength(1);
  const [point] = dataPoints;
  if (!point) throw new Error("no data point");
  return point.value;
}

function turn(overrides: Partial<TurnRecord>): TurnRecord {
  return {
    index: 1,
    endedAtWallMs: 1_700_000_000_000,
    callerText: "",
    botText: "",
    status: "completed",
    latencyMs: undefined,
    bargeIn: undefined,
    tools: [],
    usage: undefined,
    ...overrides,
  };
}

const usage = (inputAudio: number, outputAudio: number, outputText: number) => ({
  inputTextTokens: 0,
  inputAudioTokens: inputAudio,
  cachedInputTokens: 64,
  outputTextTokens: outputText,
  outputAudioTokens: outputAudio,
});

/** Greeting, a question with a tool call, a barge-in, a key sequence, a Voice Live drop survived, hang-up. */
const CALL_EVENTS: CallEvent[] = [
  { type: "state", state: "active", atMs: 10 },
  { type: "transcript", role: "bot", text: "Hello, thanks for calling.", atMs: 900 },
  { type: "turn", turn: turn({ index: 1, botText: "Hello, thanks for calling.", usage: usage(0, 120, 10) }) },
  { type: "transcript", role: "caller", text: `My number is ${CALLER_NUMBER}`, atMs: 4_000 },
  { type: "tool", name: "lookup_order_status", status: "ok", durationMs: 35, atMs: 4_200 },
  {
    type: "turn",
    turn: turn({
      index: 2,
      callerText: `My number is ${CALLER_NUMBER}`,
      botText: "Your order shipped yesterday.",
      latencyMs: 420,
      tools: [{ name: "lookup_order_status", status: "ok", durationMs: 35 }],
      usage: usage(200, 300, 25),
    }),
  },
  { type: "barge-in", heardMs: 1_800, atMs: 7_000 },
  {
    type: "turn",
    turn: turn({ index: 3, status: "cancelled", latencyMs: 380, bargeIn: { heardMs: 1_800 } }),
  },
  { type: "dtmf", keyCount: 4, atMs: 9_000 },
  { type: "voice-live", change: "lost", atMs: 10_000 },
  { type: "voice-live", change: "reconnected", atMs: 10_300 },
  { type: "voice-live", change: "lost", atMs: 20_000 },
  { type: "voice-live", change: "failed", atMs: 25_000 },
  { type: "ended", reason: "caller-hung-up", atMs: 26_000 },
];

function summary(callId: string): CallSummary {
  const metrics = createCallMetrics();
  metrics.framesIn = 1_300;
  metrics.framesOut = 600;
  metrics.inboundDropped = 3;
  metrics.timeToFirstAudioMs = 640;
  metrics.bargeIns = 1;
  return {
    ids: { callId, callConnectionId: "conn-1", correlationId: "corr-1" },
    reason: "caller-hung-up",
    durationMs: 26_000,
    metrics,
  };
}

describe("OpenTelemetry call telemetry", () => {
  it("exports the workbook's instruments with their units, values and only low-cardinality attributes", async () => {
    const { telemetry, collectMetrics } = startHarness(50);
    const recorder = telemetry.callStarted({
      callId: "call-1",
      callConnectionId: "conn-1",
      correlationId: "corr-1",
    });
    const timing = telemetry.mediaTiming;
    if (!timing) throw new Error("media timing expected when telemetry is on");
    // 120 inbound frames, 1 in 50 timed: two samples
    let sampled = 0;
    for (let frame = 0; frame < 120; frame++) {
      if (timing.sampleFrame()) timing.frameProcessed(sampled++ === 0 ? 40 : 180);
    }
    timing.bargeInStopped(1.5);

    const during = await collectMetrics();
    expect(points(during, INSTRUMENTS.activeCalls.name)).toEqual([{ attributes: {}, value: 1 }]);

    for (const event of CALL_EVENTS) recorder.onEvent(event);
    recorder.callEnded(summary("call-1"));
    const all = await collectMetrics();

    expect(Object.fromEntries(all.map((m) => [m.descriptor.name, m.descriptor.unit]))).toEqual({
      "voice.calls.active": "calls",
      "voice.call.time_to_first_audio_ms": "ms",
      "voice.turn.latency_ms": "ms",
      "voice.bargein.stop_ms": "ms",
      "voice.media.frame_processing_us": "us",
      "voice.voicelive.reconnects": "1",
      "voice.media.dropped_frames": "frames",
      "voice.tokens": "tokens",
    });
    expect(points(all, INSTRUMENTS.activeCalls.name)).toEqual([{ attributes: {}, value: 0 }]);

    const firstAudio = histogram(all, INSTRUMENTS.timeToFirstAudio.name);
    expect(firstAudio.buckets.boundaries).toEqual(HISTOGRAM_BOUNDARIES[INSTRUMENTS.timeToFirstAudio.name]);
    expect([firstAudio.count, firstAudio.sum, firstAudio.min, firstAudio.max]).toEqual([1, 640, 640, 640]);
    // 640 ms falls in (500, 750]
    expect(firstAudio.buckets.counts).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);

    const latency = histogram(all, INSTRUMENTS.turnLatency.name);
    expect([latency.count, latency.sum, latency.min, latency.max]).toEqual([2, 800, 380, 420]);
    expect(latency.buckets.counts).toEqual([0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]);

    const stop = histogram(all, INSTRUMENTS.bargeInStop.name);
    expect([stop.count, stop.sum]).toEqual([1, 1.5]);
    expect(stop.buckets.counts.slice(0, 3)).toEqual([0, 0, 1]);

    const frames = histogram(all, INSTRUMENTS.frameProcessing.name);
    expect([frames.count, frames.sum, frames.min, frames.max]).toEqual([2, 220, 40, 180]);

    expect(points(all, INSTRUMENTS.voiceLiveReconnects.name)).toEqual(
      expect.arrayContaining([
        { attributes: { outcome: "succeeded" }, value: 1 },
        { attributes: { outcome: "failed" }, value: 1 },
      ]),
    );
    expect(points(all, INSTRUMENTS.droppedFrames.name)).toEqual([
      { attributes: { direction: "inbound" }, value: 3 },
    ]);
    const tokens = Object.fromEntries(
      points(all, INSTRUMENTS.tokens.name).map((p) => [String(p.attributes.kind), p.value]),
    );
    // cached input is part of input and has no kind of its own; zero counts are not recorded
    expect(tokens).toEqual({ input_audio: 200, output_audio: 420, output_text: 35 });

    const attributeKeys = new Set(all.flatMap((m) => m.dataPoints.flatMap((p) => Object.keys(p.attributes))));
    expect([...attributeKeys].sort()).toEqual(["direction", "kind", "outcome"]);
  });

  it("gives each call one server span with its ACS ids and an event per turn, barge-in, tool and reconnect, never texts", async () => {
    const { telemetry, spans } = startHarness();
    const recorder = telemetry.callStarted({
      callId: "call-1",
      callConnectionId: "conn-1",
      correlationId: "corr-1",
    });
    for (const event of CALL_EVENTS) recorder.onEvent(event);
    expect(spans()).toHaveLength(0);
    recorder.callEnded(summary("call-1"));
    // a second end (a late hook) neither re-ends the span nor counts the call twice
    recorder.callEnded(summary("call-1"));

    expect(spans()).toHaveLength(1);
    const [span] = spans();
    if (!span) throw new Error("no span");
    expect(span.name).toBe("call");
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(span.attributes).toMatchObject({
      "call.id": "call-1",
      "acs.call_connection_id": "conn-1",
      "acs.correlation_id": "corr-1",
      "call.end_reason": "caller-hung-up",
      "call.duration_ms": 26_000,
      "call.time_to_first_audio_ms": 640,
      "call.inbound_dropped": 3,
      "call.barge_ins": 1,
    });
    expect(span.events.map((e) => e.name)).toEqual([
      "state",
      "turn",
      "tool",
      "turn",
      "barge-in",
      "turn",
      "dtmf",
      "voice-live.lost",
      "voice-live.reconnected",
      "voice-live.lost",
      "voice-live.failed",
    ]);
    const turns = span.events.filter((e) => e.name === "turn").map((e) => e.attributes);
    expect(turns[1]).toMatchObject({
      "turn.index": 2,
      "turn.latency_ms": 420,
      "turn.tool_calls": 1,
      "tokens.input_audio": 200,
    });
    expect(turns[2]).toMatchObject({ "turn.status": "cancelled", "turn.heard_ms": 1_800 });
    expect(span.events.find((e) => e.name === "tool")?.attributes).toEqual({
      "tool.name": "lookup_order_status",
      "tool.status": "ok",
      "tool.duration_ms": 35,
    });
    expect(span.events.find((e) => e.name === "dtmf")?.attributes).toEqual({ "dtmf.key_count": 4 });
    // the caller's words (here with their phone number) never leave the worker as telemetry
    const exported = JSON.stringify([span.attributes, span.events]);
    expect(exported).not.toContain("5550123");
    expect(exported).not.toContain("order shipped");
  });

  it("marks a call the bot could not serve as a failed span", async () => {
    const { telemetry, spans } = startHarness();
    const recorder = telemetry.callStarted({
      callId: "call-2",
      callConnectionId: undefined,
      correlationId: undefined,
    });
    recorder.callEnded({ ...summary("call-2"), reason: "voice-live-unavailable" });
    const [span] = spans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: "voice-live-unavailable" });
    expect(Object.keys(span?.attributes ?? {})).not.toContain("acs.call_connection_id");
  });
});
