import { errorLabel } from "@acs-voice/shared";
import { ManagedIdentityCredential } from "@azure/identity";
import {
  type AzureMonitorOpenTelemetryOptions,
  shutdownAzureMonitor,
  useAzureMonitor,
} from "@azure/monitor-opentelemetry";
import { metrics, trace } from "@opentelemetry/api";
import type { Logger } from "../logger.js";
import type { WorkerEnv } from "../settings-schema.js";
import { type CallTelemetry, noCallTelemetry } from "./call-telemetry.js";
import { histogramViews, METER_NAME, TRACER_NAME } from "./instruments.js";
import { createOtelCallTelemetry } from "./otel-call-telemetry.js";

/** Once a second per call at 20 ms frames: enough for percentiles, nothing on the other 49 frames. */
export const DEFAULT_FRAME_SAMPLE_EVERY = 50;

export type TelemetryEnv = Pick<
  WorkerEnv,
  "APPLICATIONINSIGHTS_CONNECTION_STRING" | "AZURE_CLIENT_ID" | "TELEMETRY_FRAME_SAMPLE_EVERY"
>;

/** Test seams: extra readers/processors (in-memory exporters), no live metrics, no disk. */
export type TelemetryOverrides = Pick<
  AzureMonitorOpenTelemetryOptions,
  "metricReaders" | "spanProcessors" | "enableLiveMetrics"
> & { disableOfflineStorage?: boolean };

/**
 * Azure Monitor (Application Insights) when `APPLICATIONINSIGHTS_CONNECTION_STRING` is set, nothing
 * otherwise; says which once. App Insights in infra/ accepts Entra ID ingestion only, so with
 * `AZURE_CLIENT_ID` the exporter authenticates as that user-assigned managed identity.
 */
export function startCallTelemetry(
  env: TelemetryEnv,
  logger: Logger,
  overrides: TelemetryOverrides = {},
): CallTelemetry {
  const connectionString = env.APPLICATIONINSIGHTS_CONNECTION_STRING?.trim();
  if (!connectionString) {
    logger.info(
      "telemetry off (set APPLICATIONINSIGHTS_CONNECTION_STRING to send it to Application Insights)",
    );
    return noCallTelemetry;
  }
  const clientId = env.AZURE_CLIENT_ID?.trim();
  const frameSampleEvery = parseSampleEvery(env.TELEMETRY_FRAME_SAMPLE_EVERY);
  useAzureMonitor({
    azureMonitorExporterOptions: {
      connectionString,
      ...(clientId ? { credential: new ManagedIdentityCredential({ clientId }) } : {}),
      ...(overrides.disableOfflineStorage ? { disableOfflineStorage: true } : {}),
    },
    enableLiveMetrics: overrides.enableLiveMetrics ?? true,
    // Every call's span is kept: the default (5 traces/s, rate-limited) would drop calls at load.
    samplingRatio: 1,
    tracesPerSecond: 0,
    // Health probes every few seconds would drown the calls in `requests`.
    instrumentationOptions: { http: { enabled: false } },
    views: histogramViews(),
    ...(overrides.metricReaders ? { metricReaders: overrides.metricReaders } : {}),
    ...(overrides.spanProcessors ? { spanProcessors: overrides.spanProcessors } : {}),
  });
  logger.info(
    { ingestionAuth: clientId ? "managed-identity" : "connection-string", frameSampleEvery },
    "telemetry on: Application Insights",
  );
  return createOtelCallTelemetry({
    meter: metrics.getMeter(METER_NAME),
    tracer: trace.getTracer(TRACER_NAME),
    frameSampleEvery,
    // The last export can fail (ingestion unreachable); shutting down must go on regardless.
    shutdown: () =>
      shutdownAzureMonitor().catch((error: unknown) => {
        logger.warn({ err: errorLabel(error) }, "telemetry: final export failed");
      }),
  });
}

function parseSampleEvery(raw: string | undefined): number {
  const value = Number(raw);
  return raw !== undefined && Number.isInteger(value) && value >= 1 ? value : DEFAULT_FRAME_SAMPLE_EVERY;
}
