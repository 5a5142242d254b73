import { AggregationType, type ViewOptions } from "@opentelemetry/sdk-metrics";

/**
 * The worker's OpenTelemetry instruments (meter `media-worker`). infra/README.md ("Telemetry: where to
 * look") documents them and the workbook queries them by these names: change both together.
 */
export const METER_NAME = "media-worker";
export const TRACER_NAME = "media-worker";

export const INSTRUMENTS = {
  activeCalls: { name: "voice.calls.active", unit: "calls" },
  timeToFirstAudio: { name: "voice.call.time_to_first_audio_ms", unit: "ms" },
  turnLatency: { name: "voice.turn.latency_ms", unit: "ms" },
  bargeInStop: { name: "voice.bargein.stop_ms", unit: "ms" },
  frameProcessing: { name: "voice.media.frame_processing_us", unit: "us" },
  voiceLiveReconnects: { name: "voice.voicelive.reconnects", unit: "1" },
  droppedFrames: { name: "voice.media.dropped_frames", unit: "frames" },
  tokens: { name: "voice.tokens", unit: "tokens" },
} as const;

/**
 * The Voice Live pool's instruments, per endpoint (attribute `endpoint`, its configured name): observed
 * from the pool's counters at each export, so nothing is recorded on the call path.
 */
export const POOL_INSTRUMENTS = {
  connections: { name: "voice.voicelive.endpoint.connections", unit: "1" },
  refusals: { name: "voice.voicelive.endpoint.refusals", unit: "1" },
  tokens: { name: "voice.voicelive.endpoint.tokens", unit: "tokens" },
  outOfRotation: { name: "voice.voicelive.endpoint.out_of_rotation_s", unit: "s" },
  overBudget: { name: "voice.voicelive.endpoint.over_budget", unit: "1" },
  turnedAway: { name: "voice.calls.turned_away", unit: "calls" },
} as const;

/**
 * Histogram buckets sized for each measurement (the SDK's defaults stop at 10 s and start at 5, which
 * would put every frame timing and every barge-in into one or two buckets).
 */
export const HISTOGRAM_BOUNDARIES: Readonly<Record<string, readonly number[]>> = {
  [INSTRUMENTS.timeToFirstAudio.name]: [250, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000],
  [INSTRUMENTS.turnLatency.name]: [100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000],
  [INSTRUMENTS.bargeInStop.name]: [0.5, 1, 2, 5, 10, 20, 50, 100, 250],
  [INSTRUMENTS.frameProcessing.name]: [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
};

/** The views that give each histogram its buckets (an SDK enum, not a string: see sdk-metrics 2.x). */
export function histogramViews(): ViewOptions[] {
  return Object.entries(HISTOGRAM_BOUNDARIES).map(([instrumentName, boundaries]) => ({
    instrumentName,
    aggregation: {
      type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
      options: { boundaries: [...boundaries] },
    },
  }));
}
