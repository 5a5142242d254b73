import type { AcsAudioFormat } from "@acs-voice/shared";

/** One load run: N concurrent real-time calls against one worker, measured over a window. */
export interface LoadRunOptions {
  /** ws://127.0.0.1:N/media of the worker under test. */
  workerMediaUrl: string;
  /** "Bearer <jwt>" every call presents (the worker verifies it as it would ACS's). */
  authorization: string;
  format: AcsAudioFormat;
  /** The rate the worker asks Voice Live for (it resamples when it differs from the ACS rate). */
  modelSampleRateHz: 16000 | 24000;
  calls: number;
  /** After the last call is connected, how long to run before measuring (JIT, queues settling). */
  warmupMs: number;
  measureMs: number;
}

/** What one load run measured; every latency in milliseconds on the generator's monotonic clock. */
export interface LoadRunResult {
  calls: number;
  connected: number;
  connectFailures: number;
  /** Caller frame sent → its audio fully received by Voice Live (byte-counted). */
  inboundLatencyMs: LatencyFigures | undefined;
  /** Voice Live delta sent → AudioData frame received by the caller, beyond what pacing requires. */
  outboundLatencyMs: LatencyFigures | undefined;
  /** speech_started sent by Voice Live → StopAudio received by the caller. */
  bargeInStopAudioMs: LatencyFigures | undefined;
  /** speech_started sent → the caller stops hearing the bot (StopAudio, or its buffered audio ran out). */
  bargeInHeardStopMs: LatencyFigures | undefined;
  inboundFramesSent: number;
  inboundFramesLost: number;
  outboundFramesExpected: number;
  outboundFramesReceived: number;
  outboundFramesDropped: number;
  /** Frames more than 20 ms behind their pacing slot at the caller. */
  outboundFramesLate: number;
  /** Audio frames that reached the caller after StopAudio for an interrupted response. */
  framesAfterStopAudio: number;
  bargeIns: number;
  stopAudiosMissing: number;
  responses: number;
  /** How late the generator's own caller frames went out (its event loop's lag): the generator's health. */
  generatorSendLagMs: LatencyFigures | undefined;
  /** CPU the generator process used during the window, as a share of one core. */
  generatorCpuShare: number;
  /** Calls the worker closed during the window (it should close none). */
  callsClosedByWorker: number;
}

export interface LatencyFigures {
  count: number;
  p50: number;
  p99: number;
  max: number;
}
