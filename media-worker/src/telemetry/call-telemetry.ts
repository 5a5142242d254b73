import type { CallEvent } from "../session/call-events.js";
import type { CallIds, CallSummary } from "../session/call-session.js";
import type { PoolStats } from "../voicelive/voice-live-pool.js";

/**
 * What the worker tells its telemetry: one recorder per call (its span, its events, its end) and the
 * media timings only the server can take. Off, it is `noCallTelemetry`: nothing is measured or kept.
 */
export interface CallTelemetry {
  /** A call's media socket was accepted: `voice.calls.active` + 1 and the call's span starts. */
  callStarted(ids: CallIds): CallRecorder;
  /** Timings from the media path; undefined when telemetry is off, so the hot path skips them. */
  readonly mediaTiming: MediaTiming | undefined;
  /** Reports the Voice Live pool's per-endpoint counters from now on (read at each export). */
  observeVoiceLivePool(stats: () => PoolStats): void;
  /** Flushes and stops the exporters (at shutdown). */
  shutdown(): Promise<void>;
}

export interface CallRecorder {
  /** One event of the call's stream (`CallSession.subscribe`). */
  onEvent(event: CallEvent): void;
  /** The session ended: per-call aggregates (time to first audio, drops) are recorded, the span ends. */
  callEnded(summary: CallSummary): void;
}

/** Timings the media server takes around the session's synchronous handlers. */
export interface MediaTiming {
  /** True for the inbound frames to time (1 in N); the others cost one counter increment. */
  sampleFrame(): boolean;
  /** One inbound frame: decode → resample → `input_audio_buffer.append` sent, in microseconds. */
  frameProcessed(durationUs: number): void;
  /** `speech_started` received → `StopAudio` sent to ACS, in milliseconds. */
  bargeInStopped(durationMs: number): void;
}

const noRecorder: CallRecorder = {
  onEvent: () => {},
  callEnded: () => {},
};

/** Telemetry off: a shared do-nothing recorder, no media timing. */
export const noCallTelemetry: CallTelemetry = {
  callStarted: () => noRecorder,
  mediaTiming: undefined,
  observeVoiceLivePool: () => {},
  shutdown: () => Promise.resolve(),
};
