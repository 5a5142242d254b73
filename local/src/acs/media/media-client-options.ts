// What a test or the emulator can tune about the caller's side of a call, with the defaults that model a
// real line.
import type { AcsAudioFormat } from "@acs-voice/shared";
import type { ClientOptions, WebSocket } from "ws";
import type { CallerClockSetting } from "./caller-clock.js";

/** ACS streams 50 frames a second. */
export const ACS_FRAME_MS = 20;

export const MEDIA_CLIENT_DEFAULTS = {
  /** RMS below which a frame is flagged `silent` (about -44 dBFS: line noise, not a voice). */
  silenceThreshold: 200,
  jitterBufferMs: 60_000,
  utteranceHangoverMs: 500,
  botHangoverMs: 400,
  maxRecordingMs: 30 * 60_000,
  maxRecordedMessages: 20_000,
  maxPayloadBytes: 1024 * 1024,
  maxSendBufferBytes: 256 * 1024,
  closeTimeoutMs: 5_000,
  participantRawId: "4:+14255550100",
} as const;

/**
 * The network between the worker and ACS, on the way to the caller: every message from the worker is
 * held back by a random delay. One WebSocket is one TCP stream, so order is kept: a late message holds up
 * the ones behind it (as a retransmission does), which is what makes a real line run the playout dry.
 */
export interface NetworkImpairment {
  /** Each message is delayed by a uniform random 0..jitterMs (call time). */
  jitterMs?: number;
  /** Chance per message of a burst: `burstMs` more (a lost segment and its retransmission). */
  burstProbability?: number;
  burstMs?: number;
  /** Seed of the random delays, so that a run can be repeated exactly. */
  seed?: number;
}

export interface MediaClientOptions {
  /** ws(s)://…/media */
  transportUrl: string;
  /** Full `Authorization` header value, e.g. "Bearer <jwt>"; omitted => no header. */
  authorization?: string;
  callConnectionId: string;
  correlationId: string;
  format: AcsAudioFormat;
  /** What the caller says, at the format's rate, mono. */
  caller: Int16Array;
  /** Frames whose RMS is below this are flagged `silent: true` (they are sent all the same). */
  silenceThreshold?: number;
  /** Real time by default; `{ speed: 10 }` runs the call ten times faster; or any `CallerClock`. */
  clock?: CallerClockSetting;
  /** How much bot audio the caller's side can hold ahead of playout; the excess is dropped. */
  jitterBufferMs?: number;
  /** Silence after the caller's audio ends before the caller hangs up; omitted => silence until the call ends. */
  trailingSilenceMs?: number;
  /** Raw id of the caller stamped on each frame (a PSTN caller is `4:+<E.164>`). */
  participantRawId?: string;
  subscriptionId?: string;
  /** Wall clock for the frames' `timestamp`; read once, when the socket opens. */
  wallClockMs?: () => number;
  /** Caller silence that ends an utterance (for the turn metrics). */
  utteranceHangoverMs?: number;
  /** Bot silence after which the bot counts as no longer heard (for the turn metrics). */
  botHangoverMs?: number;
  /** Longest stretch of the `heard`/`sent` tracks kept; the rest of a longer call is not recorded. */
  maxRecordingMs?: number;
  /** Most worker messages kept in `received`; later ones are counted only. */
  maxRecordedMessages?: number;
  maxPayloadBytes?: number;
  /** Unsent bytes beyond which caller frames are dropped, as a congested line would. */
  maxSendBufferBytes?: number;
  /** Call time to wait for the worker's close frame after hanging up before dropping the connection. */
  closeTimeoutMs?: number;
  /** Delays on the way from the worker to the caller (none by default: an ideal line). */
  network?: NetworkImpairment;
  /** Socket factory, for tests that need to observe or replace the connection. */
  connect?: (url: string, options: ClientOptions) => WebSocket;
}

/** Programming errors in the options fail fast, with a message that names the option. */
export function validateOptions(options: MediaClientOptions): void {
  if (!/^wss?:\/\//i.test(options.transportUrl)) {
    throw new TypeError("transportUrl must be a ws:// or wss:// URL");
  }
  if (!(options.caller instanceof Int16Array)) {
    throw new TypeError("caller audio must be an Int16Array of PCM16 samples");
  }
  if (options.format !== "pcm16KMono" && options.format !== "pcm24KMono") {
    throw new TypeError('format must be "pcm16KMono" or "pcm24KMono"');
  }
  for (const name of ["jitterBufferMs", "trailingSilenceMs", "silenceThreshold"] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`${name} must be a non-negative number`);
    }
  }
}
