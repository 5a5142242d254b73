import {
  type AcsInboundMessage,
  type ClientEvent,
  decodeAcsMessage,
  type ServerEvent,
} from "@acs-voice/shared";
import type { AcsLink } from "../acs/acs-media-socket.js";
import { apologyToneFrames } from "../acs/apology-tone.js";
import { type CallControl, hangUpWithin } from "../acs/call-control.js";
import type { Clock, TimerHandle } from "../clock.js";
import type { Logger } from "../logger.js";
import { bargeIn, ResponseGate } from "./barge-in.js";
import { type CallMetrics, createCallMetrics } from "./call-metrics.js";
import { InboundAudio } from "./inbound-audio.js";
import { OutboundAudio } from "./outbound-audio.js";
import { type OutboundFrame, OutboundPacer } from "./outbound-pacer.js";
import { PlayoutTracker } from "./playout-tracker.js";
import {
  type AudioRates,
  audioRates,
  buildSessionConfig,
  type ConversationSettings,
  greetingInstructions,
  RECONNECTED_INSTRUCTIONS,
} from "./session-config.js";

/** What a session needs of its Voice Live connection. */
export interface VoiceLiveLink {
  start(): void;
  send(event: ClientEvent): boolean;
  sendText(text: string): boolean;
  close(): void;
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
}

export type CallEndReason =
  | "caller-hung-up"
  | "voice-live-unavailable"
  | "shutdown"
  | "heartbeat-missed"
  | "server-closed";

export interface CallSummary {
  ids: CallIds;
  reason: CallEndReason;
  durationMs: number;
  metrics: CallMetrics;
}

export interface CallSessionOptions {
  ids: CallIds;
  settings: CallSessionSettings;
  acs: AcsLink;
  /** Built by the caller with handlers that point back at this session (see `voiceLiveHandlers`). */
  voiceLive: VoiceLiveLink;
  clock: Clock;
  logger: Logger;
  callControl: CallControl | undefined;
  onEnded?: (summary: CallSummary) => void;
}

/** Pseudo ids of the worker's own audio (the apology tone), never sent to Voice Live. */
const LOCAL_AUDIO_ID = "local:apology";
/** How long a hang-up request may take before the session ends anyway. */
const HANG_UP_TIMEOUT_MS = 5_000;

/**
 * The one owner of a call: the ACS socket, the Voice Live connection, both audio directions, the pacer
 * and the barge-in state. It routes messages between the two sides; the work lives in its
 * collaborators (InboundAudio, OutboundAudio, OutboundPacer, PlayoutTracker, bargeIn).
 */
export class CallSession {
  readonly ids: CallIds;
  readonly metrics: CallMetrics = createCallMetrics();
  private readonly settings: CallSessionSettings;
  private readonly acs: AcsLink;
  private readonly voiceLive: VoiceLiveLink;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly callControl: CallControl | undefined;
  private readonly onEnded: ((summary: CallSummary) => void) | undefined;
  private readonly startedAtMs: number;
  private rates: AudioRates;
  private readonly inbound: InboundAudio;
  private readonly outbound: OutboundAudio;
  private readonly pacer: OutboundPacer;
  private readonly tracker = new PlayoutTracker();
  private readonly gate = new ResponseGate();
  private playingResponseId: string | undefined;
  private greeted = false;
  private endingTimer: TimerHandle | undefined;
  /** Set while we are hanging up, so the socket close that follows is attributed to us. */
  private hangingUp: CallEndReason | undefined;
  private ended = false;

  constructor(options: CallSessionOptions) {
    this.ids = options.ids;
    this.settings = options.settings;
    this.acs = options.acs;
    this.voiceLive = options.voiceLive;
    this.clock = options.clock;
    this.logger = options.logger;
    this.callControl = options.callControl;
    this.onEnded = options.onEnded;
    this.startedAtMs = options.clock.now();
    this.rates = audioRates(options.settings);
    this.pacer = new OutboundPacer({
      clock: this.clock,
      leadMs: this.settings.pacingLeadMs,
      sink: { send: (frame) => this.sendFrame(frame), bufferedBytes: () => this.acs.bufferedBytes() },
    });
    this.inbound = new InboundAudio({
      acsHz: this.rates.acsHz,
      modelHz: this.rates.modelHz,
      metrics: this.metrics,
      send: (text) => this.voiceLive.sendText(text),
    });
    this.outbound = new OutboundAudio({
      acsHz: this.rates.acsHz,
      modelHz: this.rates.modelHz,
      pacer: this.pacer,
      tracker: this.tracker,
      metrics: this.metrics,
    });
  }

  /** Connects Voice Live at once, in parallel with ACS's first frames (first-turn latency). */
  start(): void {
    this.logger.info({ acsHz: this.rates.acsHz, modelHz: this.rates.modelHz }, "call started");
    this.voiceLive.start();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** A copy of the call's counters, current to this moment. */
  metricsSnapshot(): CallMetrics {
    return { ...this.metrics, sendsDeferred: this.pacer.stats.sendsDeferred };
  }

  // ---- ACS side -------------------------------------------------------------------------------------

  onAcsMessage(frame: string | Uint8Array): void {
    if (this.ended) return;
    const message = decodeAcsMessage(frame);
    switch (message.kind) {
      case "AudioData":
        this.metrics.framesIn++;
        if (message.isSilent) this.metrics.silentFramesIn++;
        this.inbound.push(message.data, message.isSilent);
        return;
      case "AudioMetadata":
        this.onAudioMetadata(message);
        return;
      case "DtmfData":
      case "TranscriptionMetadata":
      case "TranscriptionData":
        return;
      case "Unknown":
        this.metrics.acsUnknown++;
        return;
      case "Invalid":
        this.metrics.acsMalformed++;
        if (this.metrics.acsMalformed === 1)
          this.logger.warn({ reason: message.reason }, "malformed ACS frame");
        return;
    }
  }

  /** The ACS socket closed: the caller hung up or ACS ended the stream. */
  onAcsClosed(code: number): void {
    if (this.ended) return;
    this.logger.info({ code }, "ACS media socket closed");
    this.end(this.hangingUp ?? "caller-hung-up");
  }

  // ---- Voice Live side ------------------------------------------------------------------------------

  onVoiceLiveOpened(reconnected: boolean): void {
    if (this.ended) return;
    this.voiceLive.send({ type: "session.update", session: buildSessionConfig(this.settings) });
    // The greeting is asked for before the held caller audio goes out: it is what the caller waits for.
    if (reconnected) {
      this.metrics.voiceLiveReconnects++;
      this.voiceLive.send({ type: "response.create", response: { instructions: RECONNECTED_INSTRUCTIONS } });
    } else if (this.settings.greeting !== "" && !this.greeted) {
      this.greeted = true;
      this.voiceLive.send({
        type: "response.create",
        response: { instructions: greetingInstructions(this.settings.greeting) },
      });
    }
    this.inbound.resume();
  }

  onVoiceLiveEvent(event: ServerEvent): void {
    if (this.ended) return;
    switch (event.type) {
      case "response.audio.delta":
        if (this.gate.isInterrupted(event.response_id)) {
          this.metrics.staleDeltasDropped++;
          return;
        }
        this.outbound.pushDelta(event.response_id, event.item_id, event.delta);
        return;
      case "response.audio.done":
        if (!this.gate.isInterrupted(event.response_id)) this.outbound.endItem(event.item_id);
        return;
      case "input_audio_buffer.speech_started":
        this.onCallerSpeechStarted();
        return;
      case "response.created":
        this.metrics.responses++;
        this.gate.created(event.response.id);
        return;
      case "response.done":
        this.gate.done(event.response.id);
        return;
      case "error":
        this.metrics.voiceLiveErrors++;
        this.logger.warn(
          {
            code: event.error.code ?? undefined,
            errorType: event.error.type,
            param: event.error.param ?? undefined,
          },
          "voice live error",
        );
        return;
      default:
        return;
    }
  }

  onVoiceLiveBadMessage(kind: "invalid" | "unknown"): void {
    if (kind === "invalid") this.metrics.voiceLiveMalformed++;
    else this.metrics.voiceLiveUnknown++;
  }

  /** The connection dropped and is being retried: the interrupted answer is lost, so stop playing it. */
  onVoiceLiveLost(): void {
    if (this.ended) return;
    this.inbound.hold();
    this.stopPlayback();
  }

  /** Voice Live cannot be reached: tell the caller with a short tone, then hang up. */
  onVoiceLiveFailed(): void {
    if (this.ended) return;
    this.inbound.hold();
    this.stopPlayback();
    const toneMs = this.playApologyTone();
    this.endingTimer = this.clock.setTimeout(() => {
      this.endingTimer = undefined;
      void this.hangUp("voice-live-unavailable");
    }, toneMs + this.settings.pacingLeadMs);
  }

  // ---- ending ---------------------------------------------------------------------------------------

  /** Ends the call from our side (shutdown grace expired): hang up for everyone, then close. */
  async hangUp(reason: CallEndReason): Promise<void> {
    if (this.ended || this.hangingUp) return;
    this.hangingUp = reason;
    const id = this.ids.callConnectionId;
    if (this.callControl && id) {
      try {
        await hangUpWithin(this.callControl, id, this.clock, HANG_UP_TIMEOUT_MS);
        this.logger.info({ reason }, "call hung up");
      } catch (error) {
        this.logger.warn({ reason, err: error instanceof Error ? error.name : "unknown" }, "hang-up failed");
      }
    }
    this.end(reason);
  }

  /** Idempotent: stops every timer, closes both sockets, reports the call once. */
  end(reason: CallEndReason): void {
    if (this.ended) return;
    this.ended = true;
    if (this.endingTimer !== undefined) this.clock.clearTimeout(this.endingTimer);
    this.endingTimer = undefined;
    this.pacer.close();
    this.voiceLive.close();
    if (this.acs.isOpen) this.acs.close(1000, reason);
    const summary: CallSummary = {
      ids: this.ids,
      reason,
      durationMs: Math.round(this.clock.now() - this.startedAtMs),
      metrics: this.metricsSnapshot(),
    };
    this.logger.info({ reason, durationMs: summary.durationMs, metrics: summary.metrics }, "call ended");
    this.onEnded?.(summary);
  }

  // ---- internals ------------------------------------------------------------------------------------

  private onAudioMetadata(message: Extract<AcsInboundMessage, { kind: "AudioMetadata" }>): void {
    const announcedHz = message.sampleRate;
    if (announcedHz === this.rates.acsHz) return;
    if (announcedHz !== 16000 && announcedHz !== 24000) {
      this.logger.warn(
        { sampleRate: announcedHz },
        "ACS announced an unsupported sample rate; keeping the configured one",
      );
      return;
    }
    // ACS is the authority on what it sends and plays: follow it and convert on our side.
    this.logger.warn(
      { configuredHz: this.rates.acsHz, announcedHz },
      "ACS audio rate differs from ACS_AUDIO_FORMAT",
    );
    this.rates = { ...this.rates, acsHz: announcedHz };
    this.inbound.setAcsRate(announcedHz);
    this.outbound.setAcsRate(announcedHz);
  }

  private onCallerSpeechStarted(): void {
    const outcome = bargeIn({
      stopAcsAudio: () => this.acs.stopAudio(),
      pacer: this.pacer,
      outbound: this.outbound,
      tracker: this.tracker,
      gate: this.gate,
      playingResponseId: this.playingResponseId,
      sendToVoiceLive: (event) => this.voiceLive.send(event),
      serviceInterruptsResponse: this.settings.serviceInterruptsResponse ?? true,
    });
    if (!outcome) return;
    this.playingResponseId = undefined;
    this.metrics.bargeIns++;
    this.metrics.outboundCleared += outcome.clearedFrames;
    if (outcome.cancelledResponseId) this.metrics.cancellations++;
    if (outcome.truncated) this.metrics.truncations++;
    this.logger.info(
      { clearedFrames: outcome.clearedFrames, audioEndMs: outcome.truncated?.audioEndMs },
      "caller barged in",
    );
  }

  /** Stops whatever the caller hears and forgets the responses that produced it. */
  private stopPlayback(): void {
    if (this.pacer.active) this.acs.stopAudio();
    this.metrics.outboundCleared += this.pacer.clear();
    for (const id of [this.gate.responseInFlight, this.outbound.currentResponseId, this.playingResponseId]) {
      if (id !== undefined) this.gate.interrupt(id);
    }
    this.outbound.reset();
    this.tracker.endPlayout();
    this.playingResponseId = undefined;
  }

  private playApologyTone(): number {
    const frames = apologyToneFrames(this.rates.acsHz);
    for (const pcm of frames) {
      this.pacer.enqueue({ responseId: LOCAL_AUDIO_ID, itemId: LOCAL_AUDIO_ID, pcm, durationMs: 20 });
    }
    return frames.length * 20;
  }

  private sendFrame(frame: OutboundFrame): void {
    this.acs.sendAudio(frame.pcm);
    this.metrics.framesOut++;
    if (this.metrics.timeToFirstAudioMs === undefined) {
      this.metrics.timeToFirstAudioMs = Math.round(this.clock.now() - this.startedAtMs);
    }
    if (frame.itemId === LOCAL_AUDIO_ID) return;
    this.tracker.recordSent(frame.itemId, frame.durationMs);
    this.playingResponseId = frame.responseId;
  }
}
