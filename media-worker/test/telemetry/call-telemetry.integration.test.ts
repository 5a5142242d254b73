/**
 * A whole call with a barge-in over real sockets (ACS media client → worker → Voice Live emulator), with
 * telemetry started the way main.ts starts it (`useAzureMonitor`), read back from in-memory exporters
 * next to the Azure Monitor ones (pointed at a loopback address that refuses, no disk, no statsbeat).
 */
import { Writable } from "node:stream";
import { type AcsEmulator, type Scenario, startAcsEmulator } from "@acs-voice/local";
import { SpanKind } from "@opentelemetry/api";
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  InMemoryMetricExporter,
  type MetricData,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCallTelemetry } from "../../src/telemetry/azure-monitor.js";
import { type CallTelemetry, noCallTelemetry } from "../../src/telemetry/call-telemetry.js";
import { withCallTelemetry } from "../../src/telemetry/call-telemetry-hooks.js";
import { INSTRUMENTS } from "../../src/telemetry/instruments.js";
import { GREETING, LONG_REPLY, REPLY_ADDRESS, runCall as runBridgedCall } from "../bridge-harness.js";

const LOOPBACK_CONNECTION_STRING =
  "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/;LiveEndpoint=http://127.0.0.1:9/";

function capturingLogger() {
  const lines: { msg?: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as { msg?: string });
      done();
    },
  });
  return { logger: pino({ level: "info" }, stream), lines };
}

let acs: AcsEmulator;
const cleanups: (() => Promise<void>)[] = [];
let telemetry: CallTelemetry | undefined;
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const metricReader = new PeriodicExportingMetricReader({
  exporter: metricExporter,
  exportIntervalMillis: 60_000,
});
const spanExporter = new InMemorySpanExporter();

beforeAll(async () => {
  process.env.APPLICATIONINSIGHTS_STATSBEAT_DISABLED = "true";
  process.env.APPLICATION_INSIGHTS_NO_STATSBEAT = "true";
  acs = await startAcsEmulator();
});
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await telemetry?.shutdown().catch(() => {});
  await acs?.close();
});

async function collectMetrics(): Promise<MetricData[]> {
  await metricReader.forceFlush();
  return (
    metricExporter
      .getMetrics()
      .at(-1)
      ?.scopeMetrics.flatMap((scope) => scope.metrics) ?? []
  );
}

function histogram(all: MetricData[], name: string): Histogram | undefined {
  const point = all.find((m) => m.descriptor.name === name)?.dataPoints[0] as
    | DataPoint<Histogram>
    | undefined;
  return point?.value;
}

describe("telemetry settings", () => {
  it("is off without APPLICATIONINSIGHTS_CONNECTION_STRING and says so once", () => {
    const { logger, lines } = capturingLogger();
    const off = startCallTelemetry({ AZURE_CLIENT_ID: "00000000-0000-0000-0000-000000000001" }, logger);
    expect(off).toBe(noCallTelemetry);
    expect(off.mediaTiming).toBeUndefined();
    expect(lines.map((line) => line.msg)).toEqual([
      "telemetry off (set APPLICATIONINSIGHTS_CONNECTION_STRING to send it to Application Insights)",
    ]);
  });
});

describe("a call with telemetry on", () => {
  it("reaches the exporters as the workbook's metrics and one span with the call's ACS ids", {
    timeout: 60_000,
  }, async () => {
    const { logger, lines } = capturingLogger();
    telemetry = startCallTelemetry(
      {
        // No AZURE_CLIENT_ID: a managed identity would be asked for a token off the machine.
        APPLICATIONINSIGHTS_CONNECTION_STRING: LOOPBACK_CONNECTION_STRING,
        TELEMETRY_FRAME_SAMPLE_EVERY: "10",
      },
      logger,
      {
        metricReaders: [metricReader],
        spanProcessors: [new SimpleSpanProcessor(spanExporter)],
        enableLiveMetrics: false,
        disableOfflineStorage: true,
      },
    );
    expect(lines.find((line) => line.msg === "telemetry on: Application Insights")).toMatchObject({
      ingestionAuth: "connection-string",
      frameSampleEvery: 10,
    });
    const scenario: Scenario = {
      greeting: GREETING,
      turns: [
        { caller: "Tell me about returns.", reply: LONG_REPLY, interruptAfterMs: 2_000 },
        { caller: "Just the address, please.", reply: REPLY_ADDRESS },
      ],
    };
    const { worker, report } = await runBridgedCall({
      acs,
      cleanups,
      format: "pcm24KMono",
      scenario,
      speed: 1,
      callConnectionId: "conn-telemetry",
      workerDeps: { ...withCallTelemetry(telemetry), mediaTiming: telemetry.mediaTiming },
    });
    expect(report.stopAudioCount).toBe(1);
    const summary = worker.ended[0];
    if (!summary) throw new Error("the call did not end");

    const all = await collectMetrics();
    const active = all.find((m) => m.descriptor.name === INSTRUMENTS.activeCalls.name);
    expect(active?.dataPoints.map((p) => p.value)).toEqual([0]);

    const firstAudio = histogram(all, INSTRUMENTS.timeToFirstAudio.name);
    expect(firstAudio?.count).toBe(1);
    expect(firstAudio?.sum).toBe(summary.metrics.timeToFirstAudioMs);

    // the greeting has no caller turn before it; the two answers do
    const latency = histogram(all, INSTRUMENTS.turnLatency.name);
    expect(latency?.count).toBe(2);
    expect(latency?.min).toBeGreaterThan(0);

    const bargeInStop = histogram(all, INSTRUMENTS.bargeInStop.name);
    expect(bargeInStop?.count).toBe(1);
    expect(bargeInStop?.min).toBeGreaterThanOrEqual(0);

    // 1 in 10 frames timed: frames in / 10, give or take the last partial stretch
    const frames = histogram(all, INSTRUMENTS.frameProcessing.name);
    expect(frames?.count).toBe(Math.floor(summary.metrics.framesIn / 10));
    expect(frames?.max).toBeGreaterThan(0);

    const tokenKinds = all
      .find((m) => m.descriptor.name === INSTRUMENTS.tokens.name)
      ?.dataPoints.map((p) => p.attributes.kind);
    expect(tokenKinds).toEqual(expect.arrayContaining(["output_audio"]));

    const spans = spanExporter.getFinishedSpans().filter((s) => s.name === "call");
    expect(spans).toHaveLength(1);
    const [span] = spans;
    expect(span?.kind).toBe(SpanKind.SERVER);
    expect(span?.attributes).toMatchObject({
      "call.id": summary.ids.callId,
      "acs.call_connection_id": "conn-telemetry",
      "acs.correlation_id": "corr-bridge",
      "call.end_reason": summary.reason,
      "call.barge_ins": 1,
    });
    const eventNames = span?.events.map((e) => e.name) ?? [];
    expect(eventNames.filter((name) => name === "turn")).toHaveLength(3);
    expect(eventNames.filter((name) => name === "barge-in")).toHaveLength(1);
  });
});
