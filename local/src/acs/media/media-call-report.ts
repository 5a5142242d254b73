// What the caller experienced on one call: both audio tracks on one timeline, and the turn-taking measured
// from the caller's seat.
import type { MalformedReason } from "./outbound-parser.js";
import type { MeasuredBargeIn, MeasuredUtterance } from "./turn-metrics.js";

/** One message from the worker, as ACS received it. */
export interface RecordedOutbound {
  /** Call time: ms since the media socket opened. */
  atMs: number;
  raw: string;
  binary: boolean;
  kind: "AudioData" | "StopAudio" | "Unknown" | "Malformed";
  /** Samples carried by an AudioData message. */
  samples?: number;
  /** The kind as sent, for an Unknown message. */
  rawKind?: string;
  reason?: MalformedReason;
}

/** A 20 ms tick in which the caller's speaker played bot audio. */
export interface HeardFrame {
  atMs: number;
  /** Bot samples played in this frame; fewer than a frame means the buffer ran dry mid-frame. */
  botSamples: number;
}

/** Who ended the media leg: the caller (hang-up), the worker (it closed), the network (`drop`), or nobody (never opened). */
export type CallEndedBy = "caller" | "worker" | "network" | "connect-failed";

export interface MediaCallReport {
  /** What the caller heard, time-aligned with `sent` (sample i of both is the same instant). */
  heard: Int16Array;
  /** What the caller said, as sent, trailing silence included. */
  sent: Int16Array;
  framesSent: number;
  /** AudioData messages received from the worker. */
  framesReceived: number;
  stopAudioCount: number;
  callerSpeechEndsMs: number[];
  /** Aligned with `callerSpeechEndsMs`; NaN where the bot did not answer before the caller spoke again. */
  firstBotAudioAfterCallerStopMs: number[];
  /** One per barge-in: caller starts talking over the bot -> bot no longer heard; NaN if it never stopped. */
  bargeInStopMs: number[];
  /** Undefined when the socket never opened. */
  closeCode: number | undefined;
  closeReason: string;
  endedBy: CallEndedBy;
  /**
   * Gaps the caller heard inside the bot's speech: the playout ran dry (the next audio had not arrived)
   * and resumed within 400 ms. A longer silence is the end of an answer, not a gap.
   */
  playoutGaps: number;
  /** Their total length. */
  playoutGapMs: number;
  /** HTTP status of a refused upgrade (e.g. 401 for a bad token). */
  upgradeStatus: number | undefined;
  /** `code` of the socket error, if one happened (e.g. ECONNREFUSED); never a message or payload. */
  errorCode: string | undefined;
  sampleRateHz: number;
  /** Wall time of frame 0 (the `timestamp` of the first AudioData), undefined when never opened. */
  startEpochMs: number | undefined;
  heardFrames: HeardFrame[];
  utterances: MeasuredUtterance[];
  bargeIns: MeasuredBargeIn[];
  botOnsetsMs: number[];
  dtmfSent: { atMs: number; tone: string }[];
  malformedCount: number;
  unknownCount: number;
  /** Bot audio lost because the jitter buffer was full. */
  botAudioOverflowMs: number;
  /** Bot audio discarded unplayed by StopAudio. */
  botAudioStoppedMs: number;
  /** Caller frames not sent because the worker was not reading. */
  framesDroppedBackpressure: number;
  /** Worker messages counted but not kept in `received`. */
  receivedNotRecorded: number;
  recordingTruncated: boolean;
}
