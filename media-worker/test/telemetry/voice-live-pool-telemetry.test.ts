/**
 * The Voice Live pool's metrics as Application Insights would receive them (an in-memory exporter): per
 * endpoint, its connections, refusals by reason, tokens, seconds out of rotation and times it had no
 * budget left, plus the calls turned away, after a pool went through exactly those things.
 */

import { FakeClock } from "@acs-voice/shared";
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  type MetricData,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logger.js";
import { POOL_INSTRUMENTS } from "../../src/telemetry/instruments.js";
import { createOtelCallTelemetry } from "../../src/telemetry/otel-call-telemetry.js";
import { localUsageLedger } from "../../src/voicelive/usage-ledger.js";
import { VoiceLivePool } from "../../src/voicelive/voice-live-pool.js";
import type { RoutedEndpoint } from "../../src/voicelive/voice-live-route.js";

const endpoint = (name: string, weight: number, connectionsPerMinute: number) => ({
  name,
  realtimeUrl: `wss://${name}.test/voice-live/realtime`,
  model: "gpt-realtime",
  weight,
  connectionsPerMinute,
  tokensPerMinute: 120_000,
  apiKey: undefined,
  auth: async () => ({}),
});

describe("Voice Live pool telemetry", () => {
  it("exports each endpoint's connections, refusals, tokens, time out of rotation and the calls turned away", async () => {
    const clock = new FakeClock();
    const pool = new VoiceLivePool({
      endpoints: [endpoint("east", 5, 2), endpoint("west", 1, 1)],
      ledger: localUsageLedger,
      clock,
      wallClock: () => 1_800_000_000_000 + clock.now(),
      logger: silentLogger(),
      tokensPerCallMinute: 0,
      patienceMs: 0,
    });
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    const meterProvider = new MeterProvider({ readers: [reader] });
    const telemetry = createOtelCallTelemetry({
      meter: meterProvider.getMeter("media-worker"),
      tracer: new BasicTracerProvider().getTracer("media-worker"),
      frameSampleEvery: 50,
    });
    telemetry.observeVoiceLivePool(() => pool.stats());

    const first = (await pool.next("call")) as RoutedEndpoint; // east
    first.refused(429, 20_000);
    const second = (await pool.next("call")) as RoutedEndpoint; // west, while east is out
    second.opened();
    second.tokens(1_500);
    clock.advance(20_000);
    const third = (await pool.next("call")) as RoutedEndpoint; // east again
    third.opened();
    third.tokens(2_500);
    expect(await pool.next("call")).toBeUndefined(); // both budgets used: turned away

    await reader.forceFlush();
    const metrics: MetricData[] =
      exporter
        .getMetrics()
        .at(-1)
        ?.scopeMetrics.flatMap((s) => s.metrics) ?? [];
    const values = (name: string) =>
      Object.fromEntries(
        (metrics.find((m) => m.descriptor.name === name)?.dataPoints ?? [])
          .filter((p) => Number(p.value) > 0)
          .map((p) => [Object.values(p.attributes).join("/") || "all", p.value]),
      );
    expect(values(POOL_INSTRUMENTS.connections.name)).toEqual({ east: 1, west: 1 });
    expect(values(POOL_INSTRUMENTS.refusals.name)).toEqual({ "east/throttled": 1 });
    expect(values(POOL_INSTRUMENTS.tokens.name)).toEqual({ east: 2_500, west: 1_500 });
    expect(values(POOL_INSTRUMENTS.outOfRotation.name)).toEqual({ east: 20 });
    expect(values(POOL_INSTRUMENTS.overBudget.name)).toEqual({ east: 1, west: 2 });
    expect(values(POOL_INSTRUMENTS.turnedAway.name)).toEqual({ all: 1 });
    await meterProvider.shutdown();
  });
});
