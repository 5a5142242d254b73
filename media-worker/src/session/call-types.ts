import type { ClientEvent, Clock, DestinationPolicy } from "@acs-voice/shared";
import type { AcsLink } from "../acs/acs-media-socket.js";
import type { CallControl } from "../acs/call-control.js";
import type { AuditLog } from "../audit/audit-log.js";
import type { Logger } from "../logger.js";
import type { Tool } from "../tools/tool.js";
import type { CallMetrics } from "./call-metrics.js";
import type { CallTimeoutSettings } from "./call-timeouts.js";
import type { FramePool } from "./frame-pool.js";
import type { ConversationSettings } from "./session-config.js";
import type { SessionRenewalSettings, SessionSwap } from "./session-renewal.js";

// The shapes a CallSession is built from and reports with (re-exported by call-session.ts).

/** What a session needs of its Voice Live connection. */
export interface VoiceLiveLink {
  start(): void;
  send(event: ClientEvent): boolean;
  sendText(text: string): boolean;
  close(): void;
  /**
   * Opens a replacement session in the background and calls `ready(swap)` once it is open; the session
   * calls `swap(events)` at a quiet moment, and the replacement takes over with those events. Optional:
   * links without it are never renewed.
   */
  renew?(ready: (swap: SessionSwap) => void): void;
}

export interface CallIds {
  /** Our own id for the call's log lines (ACS ids may be absent on a test connection). */
  callId: string;
  callConnectionId: string | undefined;
  correlationId: string | undefined;
}

export interface CallSessionSettings extends ConversationSettings {
  /** Empty: no greeting, the caller speaks first. */
  greeting: string;
  pacingLeadMs: number;
  /** Tools, DTMF, timeouts and renewal; all off when absent. */
  features?: CallFeatures;
}

export interface CallFeatures {
  tools: readonly Tool[];
  toolTimeoutMs: number;
  toolFillerAfterMs: number;
  transferMessage: string;
  dtmf: { enabled: boolean; interDigitMs: number };
  timeouts: CallTimeoutSettings;
  renewal: SessionRenewalSettings | undefined;
  /** How long a transfer may ring, and the caller id shown to its target; defaults when absent. */
  transfer?: TransferSettings;
  /** After an abnormal drop of the ACS media socket, how long ACS may reconnect; default 8 s. */
  mediaResumeGraceMs?: number;
  /** Where transfers may go (ALLOWED_DESTINATIONS); absent: nowhere, so no transfer is dialled. */
  destinations?: DestinationPolicy;
}

export interface TransferSettings {
  ringTimeoutMs: number;
  /** Used when ACS does not report the number the caller dialled. */
  sourceCallerId: string | undefined;
}

export const DEFAULT_TRANSFER_SETTINGS: TransferSettings = {
  ringTimeoutMs: 75_000,
  sourceCallerId: undefined,
};
export const DEFAULT_MEDIA_RESUME_GRACE_MS = 8_000;

/** Tools, DTMF, timeouts and renewal all off. */
export const NO_FEATURES: CallFeatures = {
  tools: [],
  toolTimeoutMs: 8_000,
  toolFillerAfterMs: 0,
  transferMessage: "",
  dtmf: { enabled: false, interDigitMs: 1_500 },
  timeouts: { callerSilenceMs: 0, silenceHangupMs: 0, maxCallMs: 0 },
  renewal: undefined,
};

export type CallEndReason =
  | "caller-hung-up"
  | "voice-live-unavailable"
  /** Voice Live took the session.update without what the call needs (audio out, turn detection, tools). */
  | "voice-live-refused-config"
  | "shutdown"
  | "heartbeat-missed"
  | "server-closed"
  /** The model called end_call (after its goodbye). */
  | "bot-ended"
  | "transferred"
  | "caller-silent"
  | "max-duration"
  /** Someone outside the call (a supervisor, the control plane) ended it. */
  | "supervisor-ended"
  /** ACS reported the call disconnected (CallDisconnected). */
  | "call-disconnected"
  /** The ACS media socket dropped abnormally and ACS did not reconnect within the grace period. */
  | "media-lost";

export interface CallSummary {
  ids: CallIds;
  reason: CallEndReason;
  durationMs: number;
  metrics: CallMetrics;
}

export interface CallSessionOptions {
  /** Who asked for which transfer, and what came of it; none: the log line only. */
  audit?: AuditLog | undefined;
  ids: CallIds;
  settings: CallSessionSettings;
  acs: AcsLink;
  /** Built by the caller with handlers that point back at this session (see `voiceLiveHandlers`). */
  voiceLive: VoiceLiveLink;
  clock: Clock;
  logger: Logger;
  callControl: CallControl | undefined;
  onEnded?: (summary: CallSummary) => void;
  /** The bot audio's frame buffers, shared by a worker's calls; one of its own when absent. */
  framePool?: FramePool;
  /** Wall-clock milliseconds for records and `expires_at`; Date.now by default. */
  wallClock?: () => number;
}
