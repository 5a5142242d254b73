// Faults the emulator can inject, set per emulator at start and changeable at run time
// (`emulator.setFaults`). Timed faults are measured from session start (or from the moment the plan
// was set, for sessions already open).

/**
 * How a fault closes the socket: 1006 = abrupt (TCP connection destroyed without a close frame, which
 * clients report as 1006), 1011 = close frame "server error".
 */
export type FaultCloseCode = 1006 | 1011;

export interface FaultErrorEvent {
  /** Sent this long after session start (or after the plan was set). */
  afterMs?: number;
  /** Sent right after `response.created` of the Nth response (1-based) instead. */
  atResponse?: number;
  type?: string; // default "server_error"
  code?: string; // default "server_error"
  message?: string;
}

export interface FaultPlan {
  /** Close the socket this long after session start. */
  closeAfterMs?: number;
  /** Close the socket in the middle of a response, once this many audio deltas of it were sent. */
  closeMidResponse?: { afterAudioDeltas: number; atResponse?: number /* 1-based, default: the first */ };
  /** Close code used by closeAfterMs / closeMidResponse; default 1006. */
  closeCode?: FaultCloseCode;
  /** Send an `error` event (the session stays open, as most real errors are recoverable). */
  errorEvent?: FaultErrorEvent;
  /** Hold back the first audio delta of every response this long (on top of the normal latency). */
  firstAudioDelayMs?: number;
  /** Expire the session after this long: `error` session_expired, then close 1001. */
  sessionExpiresAfterMs?: number;
  /** Slow deltas: audio is produced at this multiple of real time (e.g. 0.5), overriding audioSpeed. */
  deltaSpeed?: number;
}
