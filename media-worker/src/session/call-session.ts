import {
  type ClientEvent,
  decodeAcsMessage,
  type ServerEvent,
  type SessionConfig,
  type SessionResource,
} from "@acs-voice/shared";
import type { AcsLink } from "../acs/acs-media-socket.js";
import { type CallAutomationEventInput, transferOutcomeOf } from "../acs/call-automation-events.js";
import { type CallControl, hangUpWithin } from "../acs/call-control.js";
import { CallerMediaLink } from "../acs/caller-media-link.js";
import type { Clock, TimerHandle } from "../clock.js";
import type { Logger } from "../logger.js";
import { type TransferOutcome, toolDefinition } from "../tools/tool.js";
import { AcsControlMessages } from "./acs-control-messages.js";
import { ResponseGate } from "./barge-in.js";
import { type CallEvent, type CallEventListener, CallEventStream, type CallState } from "./call-events.js";
import { CallFlow } from "./call-flow.js";
import { type CallMetrics, createCallMetrics } from "./call-metrics.js";
import { CallTimeouts } from "./call-timeouts.js";
import {
  type CallEndReason,
  type CallFeatures,
  type CallIds,
  type CallSessionOptions,
  type CallSessionSettings,
  type CallSummary,
  DEFAULT_MEDIA_RESUME_GRACE_MS,
  DEFAULT_TRANSFER_SETTINGS,
  NO_FEATURES,
  type VoiceLiveLink,
} from "./call-types.js";
import { ConversationHistory } from "./conversation-history.js";
import { DtmfInput } from "./dtmf-input.js";
import { InboundAudio } from "./inbound-audio.js";
import { KeyedDigits } from "./keyed-digits.js";
import { OutboundAudio } from "./outbound-audio.js";
import { OutboundPacer } from "./outbound-pacer.js";
import { Playback } from "./playback.js";
import { PlayoutTracker } from "./playout-tracker.js";
import { ResponseRequests } from "./response-requests.js";
import { checkAcceptance } from "./session-acceptance.js";
import {
  type AudioRates,
  audioRates,
  buildSessionConfig,
  GOODBYE_INSTRUCTIONS,
  MAX_DURATION_GOODBYE_INSTRUCTIONS,
  REPROMPT_INSTRUCTIONS,
  SILENCE_GOODBYE_INSTRUCTIONS,
} from "./session-config.js";
import { SessionRenewal } from "./session-renewal.js";
import { TurnTracker } from "./turn-tracker.js";
import { VoiceLiveEventRouter } from "./voice-live-event-router.js";
import { VoiceLiveLifecycle } from "./voice-live-lifecycle.js";

export type {
  CallEndReason,
  CallFeatures,
  CallIds,
  CallSessionOptions,
  CallSessionSettings,
  CallSummary,
  VoiceLiveLink,
} from "./call-types.js";

/** How long a hang-up request may take before the session ends anyway. */
const HANG_UP_TIMEOUT_MS = 5_000;
/** Close codes of an orderly end (1005: a close frame without a code); others mean the connection was lost. */
const NORMAL_CLOSE = 1000;
const ORDERLY_CLOSES = new Set([NORMAL_CLOSE, 1005]);
/** ACS states of a call that is ours and still up: hung up when its media never came back. */
const HANG_UP_STATES = new Set(["connecting", "connected", "unknown"]);
/** A supervisor's whisper longer than this is cut. */
const MAX_WHISPER_CHARS = 2_000;

/**
 * The one owner of a call: the ACS socket, the Voice Live connection, both audio directions, the pacer
 * and the barge-in state. It wires its collaborators and routes messages between the two sides; audio
 * frames go straight to InboundAudio / OutboundAudio, everything else to the collaborator that owns it
 * (AcsControlMessages, VoiceLiveEventRouter, VoiceLiveLifecycle, Playback, CallFlow, SessionRenewal).
 */
export class CallSession {
  readonly ids: CallIds;
  readonly metrics: CallMetrics = createCallMetrics();
  private readonly settings: CallSessionSettings;
  /** The ACS socket carrying the call; ACS may replace it (a reconnect), none while it is lost. */
  private readonly acs: CallerMediaLink;
  /** Running while the media is lost: ACS has this long to reconnect before the call is hung up. */
  private mediaLossTimer: TimerHandle | undefined;
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
  private readonly playback: Playback;
  /** Set while we are hanging up, so the socket close that follows is attributed to us. */
  private hangingUp: CallEndReason | undefined;
  private ended = false;
  /** Every state change, transcript, turn, barge-in and tool call: for records and live views. */
  private readonly events = new CallEventStream();
  private readonly features: CallFeatures;
  private readonly wallClock: () => number;
  private readonly requests: ResponseRequests;
  private readonly turns = new TurnTracker();
  private readonly history = new ConversationHistory();
  private readonly flow: CallFlow;
  private readonly dtmf: DtmfInput | undefined;
  /** What the caller keyed, taken out of the words every watcher of the call gets. */
  private readonly keyedDigits = new KeyedDigits();
  private readonly timeouts: CallTimeouts;
  private state: CallState = "connecting";
  private callerSpeaking = false;
  /** The caller finished a turn and the service's answer to it has not started yet. */
  private turnPending = false;
  /** Whether the service cancels interrupted responses itself (as asked, until session.updated says). */
  private serviceInterrupts: boolean;
  /** The configuration last sent in a session.update, until the service's session.updated answers it. */
  private awaitingAcceptance: SessionConfig | undefined;
  /** Configuration fields the service changed, already logged (once per call). */
  private readonly loggedDifferences = new Set<string>();
  /** Absent when renewal is off or the link cannot renew. */
  private readonly renewal: SessionRenewal | undefined;
  private readonly voiceLiveEvents: VoiceLiveEventRouter;
  private readonly connection: VoiceLiveLifecycle;
  private readonly acsControl: AcsControlMessages;

  constructor(options: CallSessionOptions) {
    this.ids = options.ids;
    this.settings = options.settings;
    this.acs = new CallerMediaLink(options.acs);
    this.voiceLive = options.voiceLive;
    this.clock = options.clock;
    this.logger = options.logger;
    this.callControl = options.callControl;
    this.onEnded = options.onEnded;
    this.startedAtMs = options.clock.now();
    this.rates = audioRates(options.settings);
    this.features = options.settings.features ?? NO_FEATURES;
    this.wallClock = options.wallClock ?? Date.now;
    this.serviceInterrupts = options.settings.serviceInterruptsResponse ?? true;
    this.requests = new ResponseRequests({
      send: (event) => this.voiceLive.send(event),
      clock: this.clock,
      persona: this.settings.systemPrompt,
      onTrouble: (trouble, code) => {
        this.logger.warn({ trouble, code }, "voice live could not answer");
        // Said twice and still no answer: the caller hears that the bot is in trouble, not silence.
        if (trouble !== "refused" && !this.ended) this.connection.failed("voice-live-unavailable");
      },
    });
    // What most collaborators see of the call; each takes only the parts its ports name.
    const call = {
      clock: this.clock,
      wallClock: this.wallClock,
      logger: this.logger,
      metrics: this.metrics,
      turns: this.turns,
      history: this.history,
      requests: this.requests,
      emit: (event: CallEvent) => this.emit(event),
      sendToVoiceLive: (event: ClientEvent) => this.voiceLive.send(event),
      isEnded: () => this.ended,
      state: () => this.state,
      setState: (state: CallState) => this.setState(state),
    };
    this.pacer = new OutboundPacer({
      clock: this.clock,
      leadMs: this.settings.pacingLeadMs,
      sink: {
        send: (frame) => this.playback.sendFrame(frame),
        bufferedBytes: () => this.acs.bufferedBytes(),
      },
    });
    const { acsHz, modelHz } = this.rates;
    this.inbound = new InboundAudio({
      acsHz,
      modelHz,
      metrics: this.metrics,
      send: (text) => this.voiceLive.sendText(text),
    });
    const { pacer, tracker, gate, metrics } = this;
    this.outbound = new OutboundAudio({ acsHz, modelHz, pacer, tracker, metrics });
    this.playback = new Playback({
      ...call,
      acs: this.acs,
      pacer,
      outbound: this.outbound,
      tracker,
      gate,
      serviceInterruptsResponse: () => this.serviceInterrupts,
      startedAtMs: this.startedAtMs,
    });
    this.flow = new CallFlow(
      {
        ...call,
        ids: this.ids,
        callControl: this.callControl,
        isIdle: () => !this.requests.busy && !pacer.active && this.outbound.currentResponseId === undefined,
        stopPlayback: () => this.playback.stop(),
        hangUp: (reason) => this.hangUp(reason),
        end: (reason) => this.end(reason),
        stopTimeouts: () => this.timeouts.close(),
        muteCaller: (muted) => this.inbound.setMuted(muted),
        audit: options.audit,
      },
      {
        ...this.features,
        transfer: this.features.transfer ?? DEFAULT_TRANSFER_SETTINGS,
        destinations: this.features.destinations,
      },
    );
    this.timeouts = new CallTimeouts(this.clock, this.features.timeouts, {
      reprompt: () => this.requests.request({ instructions: REPROMPT_INSTRUCTIONS }),
      silentTooLong: () => void this.flow.finish("caller-silent", SILENCE_GOODBYE_INSTRUCTIONS),
      maxDurationReached: () => void this.flow.finish("max-duration", MAX_DURATION_GOODBYE_INSTRUCTIONS),
    });
    const { dtmf, renewal } = this.features;
    this.dtmf = dtmf.enabled
      ? new DtmfInput(
          {
            ...call,
            callerActive: () => this.timeouts.callerActive(),
            keyed: (digits) => this.keyedDigits.remember(digits),
          },
          dtmf.interDigitMs,
        )
      : undefined;
    this.acsControl = new AcsControlMessages({
      ...call,
      dtmf: this.dtmf,
      acsHz: () => this.rates.acsHz,
      followAcsRate: (hz) => {
        this.rates = { ...this.rates, acsHz: hz };
        this.inbound.setAcsRate(hz);
        this.outbound.setAcsRate(hz);
      },
    });
    const renew = this.voiceLive.renew?.bind(this.voiceLive);
    const sessionUpdate = (): ClientEvent => {
      const session = buildSessionConfig({
        ...this.settings,
        tools: this.features.tools.map(toolDefinition),
      });
      this.awaitingAcceptance = session;
      return { type: "session.update", session };
    };
    this.renewal =
      renewal && renew
        ? new SessionRenewal(
            {
              ...call,
              renew,
              // Nobody speaking, nothing pending: the replacement takes over unnoticed.
              isQuiet: () =>
                !this.requests.busy &&
                !pacer.active &&
                !this.callerSpeaking &&
                !this.turnPending &&
                this.flow.toolsRunning === 0 &&
                this.state === "active",
              setupEvents: () => [sessionUpdate(), ...this.history.restoreEvents()],
            },
            renewal,
          )
        : undefined;
    this.connection = new VoiceLiveLifecycle(
      {
        ...call,
        timeouts: this.timeouts,
        inbound: this.inbound,
        playback: this.playback,
        sessionUpdate,
        answerPending: () =>
          this.requests.inFlight || gate.responseInFlight !== undefined || pacer.queuedFrames > 0,
        forgetCallerSpeech: () => {
          this.callerSpeaking = false;
          this.turnPending = false;
        },
        acsHz: () => this.rates.acsHz,
        hangUp: (reason) => this.hangUp(reason),
      },
      this.settings,
    );
    this.voiceLiveEvents = new VoiceLiveEventRouter({
      ...call,
      gate,
      timeouts: this.timeouts,
      flow: this.flow,
      sessionCreated: (expiresAtSec) => this.renewal?.schedule(expiresAtSec),
      sessionUpdated: (session) => this.acceptSession(session),
      callerSpeaking: () => this.callerSpeaking,
      wasHeard: (responseId) => this.playback.wasHeard(responseId),
      playoutRemainingMs: () => pacer.queuedFrames * 20 + pacer.bufferedMs(),
    });
  }

  /** Connects Voice Live at once, in parallel with ACS's first frames (first-turn latency). */
  start(): void {
    this.logger.info(
      { acsHz: this.rates.acsHz, modelHz: this.rates.modelHz, tools: this.features.tools.length },
      "call started",
    );
    this.timeouts.start();
    this.voiceLive.start();
  }

  /** connecting → active ⇄ transferring → ending → ended. */
  get callState(): CallState {
    return this.state;
  }

  /**
   * Watches the call: state changes, transcripts, completed turns (with latency, barge-in, tools and
   * usage), DTMF, Voice Live reconnects and the end. Returns the unsubscribe function.
   */
  subscribe(listener: CallEventListener): () => void {
    return this.events.subscribe(listener);
  }

  /**
   * Call Automation events for this call (CallTransferAccepted/Failed, CallDisconnected), fed by
   * whoever receives the callbacks (the control plane over Web PubSub, or a test).
   */
  onCallAutomationEvent(event: CallAutomationEventInput): void {
    if (this.ended) return;
    const outcome = transferOutcomeOf(event);
    if (outcome) {
      if (event.operationContext === this.flow.transferContext) this.flow.transferOutcome(outcome);
      else this.logger.warn({ event: event.type }, "transfer outcome of another operation ignored");
      return;
    }
    if (event.type !== "CallDisconnected") return;
    // The bot's leg leaves the call once a transfer went through, sometimes before the accept arrives.
    if (this.flow.mediaClosed()) this.end("transferred");
    else this.end(this.hangingUp ?? "call-disconnected");
  }

  /**
   * Transfers the caller to a phone number (E.164) allowed by ALLOWED_DESTINATIONS; the caller hears the
   * transfer message first. `actor`: who asked, for the audit record ("supervisor:<name>").
   */
  transfer(target: string, actor = "supervisor"): Promise<TransferOutcome> {
    return this.flow.transfer(target, { announce: true, byTool: false, actor });
  }

  /**
   * Tells the model something the caller does not hear (a system message), used in its next answer.
   * Returns false when Voice Live is not connected or the text is empty.
   */
  whisper(text: string): boolean {
    const trimmed = text.trim().slice(0, MAX_WHISPER_CHARS);
    if (this.ended || trimmed === "") return false;
    return this.voiceLive.send({
      type: "conversation.item.create",
      item: { type: "message", role: "system", content: [{ type: "input_text", text: trimmed }] },
    });
  }

  /** Ends the call politely: the model says goodbye, the caller hears it, then the call is hung up. */
  endCall(reason: CallEndReason = "supervisor-ended"): Promise<void> {
    return this.flow.finish(reason, GOODBYE_INSTRUCTIONS);
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
    if (message.kind !== "AudioData") {
      this.acsControl.handle(message);
      return;
    }
    this.metrics.framesIn++;
    if (message.isSilent) this.metrics.silentFramesIn++;
    this.inbound.push(message.data, message.isSilent);
  }

  /**
   * The ACS socket closed. An orderly close (1000, or a close frame without a code) is the caller hanging
   * up or ACS ending the stream (after a transfer, ACS drops the bot's leg). Any other close (1006: no
   * close frame, a network drop; 1001: the peer going away; a protocol error) loses the media but not the
   * call: ACS may reconnect, so the call waits for that (`mediaLost`). `link`: the socket that closed; one already replaced is of no concern.
   */
  onAcsClosed(code: number, link?: AcsLink): void {
    if (this.ended || (link !== undefined && link !== this.acs.current)) return;
    this.logger.info({ code }, "ACS media socket closed");
    if (this.flow.mediaClosed()) {
      this.end("transferred");
      return;
    }
    if (ORDERLY_CLOSES.has(code) || this.hangingUp) {
      this.end(this.hangingUp ?? "caller-hung-up");
      return;
    }
    this.mediaLost("media-lost");
  }

  /**
   * The media is gone but the call may not be (an abnormal close, or pings unanswered): ACS gets
   * `mediaResumeGraceMs` to open a new socket for the call (`resumeMedia`). After that the call is hung up
   * through Call Automation, so the caller is never left on a line nobody serves, unless ACS says the call
   * is already over or moving to someone else (a transfer in progress).
   */
  mediaLost(reason: "media-lost" | "heartbeat-missed", link?: AcsLink): void {
    if (this.ended || (link !== undefined && link !== this.acs.current)) return;
    this.acs.detach();
    if (this.mediaLossTimer !== undefined) return;
    this.metrics.acsMediaLosses++;
    const graceMs = this.features.mediaResumeGraceMs ?? DEFAULT_MEDIA_RESUME_GRACE_MS;
    this.logger.warn({ reason, graceMs }, "ACS media lost; waiting for ACS to reconnect");
    this.emit({ type: "media", change: "lost", atMs: this.clock.now() });
    this.mediaLossTimer = this.clock.setTimeout(() => {
      this.mediaLossTimer = undefined;
      void this.abandon(reason);
    }, graceMs);
  }

  /**
   * ACS opened a new media socket for this call (a reconnect): the call goes on over it with the same
   * Voice Live session and conversation, no second greeting. The socket it replaces, if any, is closed.
   */
  resumeMedia(link: AcsLink): void {
    if (this.ended) {
      link.close(NORMAL_CLOSE, "call ended");
      return;
    }
    if (this.mediaLossTimer !== undefined) this.clock.clearTimeout(this.mediaLossTimer);
    this.mediaLossTimer = undefined;
    const replaced = this.acs.attach(link);
    replaced?.close(NORMAL_CLOSE, "replaced by a new media connection");
    this.metrics.acsMediaResumes++;
    this.logger.info("ACS media resumed on a new connection");
    this.emit({ type: "media", change: "resumed", atMs: this.clock.now() });
  }

  /**
   * Whether the call's media socket is there and answering (a ping within `timeoutMs`). ACS connecting
   * again for a call whose socket still answers is someone else with its ticket, not ACS.
   */
  mediaAnswers(timeoutMs: number): Promise<boolean> {
    return this.ended ? Promise.resolve(false) : this.acs.probe(timeoutMs);
  }

  /**
   * Nobody reconnected the media here in time: hang up, unless ACS says the call is over, being moved,
   * or streaming to another connection.
   */
  private async abandon(reason: "media-lost" | "heartbeat-missed"): Promise<void> {
    const id = this.ids.callConnectionId;
    if (this.ended) return;
    if (!this.callControl || !id) {
      this.end(reason);
      return;
    }
    try {
      const status = await this.callControl.status(id);
      if (this.ended || this.acs.current) return;
      if (status.kind === "gone" || !HANG_UP_STATES.has(status.state)) {
        this.logger.info(
          { state: status.kind === "gone" ? "gone" : status.state },
          "media lost; call not ours to end",
        );
        this.end(reason);
        return;
      }
      if (status.mediaStreaming === "active") {
        // ACS streams the call to another connection (the functions app asked it to stream again, and
        // another replica took it): the call goes on there.
        this.logger.info("media lost here; the call's media goes to another connection");
        this.end(reason);
        return;
      }
    } catch (error) {
      // Unknown: hang up rather than risk a caller in silence.
      this.logger.warn({ err: error instanceof Error ? error.name : "unknown" }, "call lookup failed");
    }
    if (!this.ended && !this.acs.current) await this.hangUp(reason);
  }

  // ---- Voice Live side ------------------------------------------------------------------------------

  onVoiceLiveOpened(reconnected: boolean): void {
    if (!this.ended) this.connection.opened(reconnected);
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
        this.callerSpeaking = true;
        this.timeouts.callerActive();
        this.playback.bargeIn();
        return;
      case "input_audio_buffer.speech_stopped":
        this.callerSpeaking = false;
        // A swap now would drop the auto-response the service is about to create for this turn.
        this.turnPending = true;
        this.turns.callerStopped(this.clock.now());
        return;
      default:
        if (event.type === "response.created" || event.type === "response.done" || event.type === "error") {
          this.turnPending = false;
        }
        this.voiceLiveEvents.route(event);
    }
  }

  onVoiceLiveBadMessage(kind: "invalid" | "unknown"): void {
    if (kind === "invalid") this.metrics.voiceLiveMalformed++;
    else this.metrics.voiceLiveUnknown++;
  }

  /** The connection dropped and is being retried: the interrupted answer is lost, so stop playing it. */
  onVoiceLiveLost(): void {
    if (!this.ended) this.connection.lost();
  }

  /** A replacement Voice Live session took over (before the old one expired). */
  onVoiceLiveRenewed(): void {
    if (!this.ended) this.connection.renewed();
  }

  /** Voice Live cannot be reached: tell the caller with a short tone, then hang up. */
  onVoiceLiveFailed(): void {
    if (!this.ended) this.connection.failed();
  }

  /**
   * The service answered our session.update: name (once per call) what it changed or dropped, follow
   * the audio rates it really uses, and end the call politely when it cannot be served as configured.
   */
  private acceptSession(reported: SessionResource): void {
    const sent = this.awaitingAcceptance;
    if (!sent) return;
    this.awaitingAcceptance = undefined;
    const acceptance = checkAcceptance(sent, reported);
    const fresh = acceptance.differences.filter((field) => !this.loggedDifferences.has(field));
    for (const field of fresh) this.loggedDifferences.add(field);
    if (fresh.length > 0) {
      this.logger.warn({ fields: fresh }, "voice live changed or dropped session settings");
    }
    if (acceptance.inputHz !== undefined) this.inbound.setModelRate(acceptance.inputHz);
    if (acceptance.outputHz !== undefined) this.outbound.setModelRate(acceptance.outputHz);
    if (acceptance.serviceInterrupts !== undefined) this.serviceInterrupts = acceptance.serviceInterrupts;
    if (acceptance.unusable) {
      this.logger.error({ unusable: acceptance.unusable }, "voice live cannot serve the call as configured");
      this.connection.failed("voice-live-refused-config");
    }
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
    if (this.mediaLossTimer !== undefined) this.clock.clearTimeout(this.mediaLossTimer);
    this.mediaLossTimer = undefined;
    this.connection.close();
    this.renewal?.close();
    this.timeouts.close();
    this.dtmf?.close();
    this.flow.close();
    this.requests.close();
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
    this.state = "ended";
    this.emit({ type: "ended", reason, atMs: this.clock.now() });
    this.events.clear();
    this.onEnded?.(summary);
  }

  // ---- call control ---------------------------------------------------------------------------------

  /** The one way out of the call for its events: records and the monitor never see keyed digits. */
  private emit(event: CallEvent): void {
    this.events.emit(this.keyedDigits.redactEvent(event));
  }

  private setState(state: CallState): void {
    if (this.state === state || this.state === "ended") return;
    this.state = state;
    this.emit({ type: "state", state, atMs: this.clock.now() });
  }
}
