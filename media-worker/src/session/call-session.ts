import {
  type AcsInboundMessage,
  type CallAutomationEventInput,
  type ClientEvent,
  type Clock,
  decodeAcsMessage,
  errorLabel,
  type FunctionCallItem,
  type ResponseResource,
  type ServerEvent,
  type SessionConfig,
  type SessionResource,
  type TimerHandle,
} from "@acs-voice/shared";
import type { AcsLink } from "../acs/acs-media-socket.js";
import { apologyToneFrames } from "../acs/apology-tone.js";
import { transferOutcomeOf } from "../acs/call-automation-events.js";
import { type CallControl, hangUpWithin } from "../acs/call-control.js";
import { CallerMediaLink } from "../acs/caller-media-link.js";
import type { Logger } from "../logger.js";
import { type TransferOutcome, toolDefinition } from "../tools/tool.js";
import { type ToolCallResult, ToolRunner } from "../tools/tool-runner.js";
import { bargeIn } from "./barge-in.js";
import { BotReplies, type ReplyTrouble } from "./bot-replies.js";
import { type CallEvent, type CallEventListener, CallEventStream, type CallState } from "./call-events.js";
import { type CallMetrics, createCallMetrics } from "./call-metrics.js";
import { CallTimeouts } from "./call-timeouts.js";
import { CallTransfer } from "./call-transfer.js";
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
import { CallerAudioOutput } from "./caller-audio-output.js";
import { ConversationHistory } from "./conversation-history.js";
import { DtmfCollector } from "./dtmf-collector.js";
import { InboundAudio } from "./inbound-audio.js";
import { KeyedDigits } from "./keyed-digits.js";
import { checkAcceptance } from "./session-acceptance.js";
import {
  type AudioRates,
  audioRates,
  buildSessionConfig,
  DTMF_PREFIX,
  GOODBYE_INSTRUCTIONS,
  greetingInstructions,
  MAX_DURATION_GOODBYE_INSTRUCTIONS,
  RECONNECTED_INSTRUCTIONS,
  REPROMPT_INSTRUCTIONS,
  SILENCE_GOODBYE_INSTRUCTIONS,
  SLOW_TOOL_INSTRUCTIONS,
} from "./session-config.js";
import { SessionRenewal } from "./session-renewal.js";
import { TurnTracker } from "./turn-tracker.js";

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
/** A goodbye longer than this is not waited for. */
const GOODBYE_MAX_MS = 15_000;
/** Close codes of an orderly end (1005: a close frame without a code); others mean the connection was lost. */
const NORMAL_CLOSE = 1000;
const ORDERLY_CLOSES = new Set([NORMAL_CLOSE, 1005]);
/** ACS states of a call that is ours and still up: hung up when its media never came back. */
const HANG_UP_STATES = new Set(["connecting", "connected", "unknown"]);
/** A supervisor's whisper longer than this is cut. */
const MAX_WHISPER_CHARS = 2_000;
const TRANSFER_FAILED_NOTE =
  "The transfer to a human did not work. Tell the caller briefly and offer to go on helping them.";

/**
 * The one owner of a call and the only hub between its parts. It holds both sockets (the caller's ACS
 * media leg and the Voice Live link), takes every message from each in one switch, and hands the work to
 * collaborators that each name one thing and report back here, never to one another:
 *
 * - InboundAudio: the caller's audio on its way to the model.
 * - CallerAudioOutput: what the caller hears (framing, pacing, what was heard, stop and interrupt).
 * - BotReplies: each reply of the bot and whose turn it is; the one answer to "is the bot busy?".
 * - CallTransfer, ToolRunner, CallTimeouts, DtmfCollector, SessionRenewal: one job each.
 * - TurnTracker, ConversationHistory, KeyedDigits: the call's records, pure bookkeeping.
 */
export class CallSession {
  readonly ids: CallIds;
  readonly metrics: CallMetrics = createCallMetrics();
  private readonly settings: CallSessionSettings;
  private readonly features: CallFeatures;
  private readonly clock: Clock;
  private readonly wallClock: () => number;
  private readonly logger: Logger;
  private readonly callControl: CallControl | undefined;
  private readonly onEnded: ((summary: CallSummary) => void) | undefined;
  private readonly startedAtMs: number;
  /** The ACS socket carrying the call; ACS may replace it (a reconnect), none while it is lost. */
  private readonly acs: CallerMediaLink;
  private readonly voiceLive: VoiceLiveLink;
  private rates: AudioRates;

  private readonly inbound: InboundAudio;
  private readonly output: CallerAudioOutput;
  private readonly replies: BotReplies;
  private readonly transfers: CallTransfer;
  private readonly tools: ToolRunner;
  private readonly timeouts: CallTimeouts;
  /** Absent when DTMF is off: key presses are ignored. */
  private readonly dtmf: DtmfCollector | undefined;
  /** Absent when renewal is off or the link cannot renew. */
  private readonly renewal: SessionRenewal | undefined;
  private readonly turns = new TurnTracker();
  private readonly history = new ConversationHistory();
  /** What the caller keyed, taken out of the words every watcher of the call gets. */
  private readonly keyedDigits = new KeyedDigits();
  /** Every state change, transcript, turn, barge-in and tool call: for records and live views. */
  private readonly events = new CallEventStream();

  private state: CallState = "connecting";
  /** Set once the call is being ended from our side (goodbye under way). */
  private ending = false;
  /** Set while we are hanging up, so the socket close that follows is attributed to us. */
  private hangingUp: CallEndReason | undefined;
  private ended = false;
  /** Waiting for the bot to have nothing more to say (a transfer announcement, a goodbye). */
  private readonly idleWaiters = new Set<{ timer: TimerHandle; resolve: () => void }>();
  /** Running while the media is lost: ACS has this long to reconnect before the call is hung up. */
  private mediaLossTimer: TimerHandle | undefined;
  /** Running while the apology tone plays before the hang-up (Voice Live cannot serve the call). */
  private failureTimer: TimerHandle | undefined;
  private greeted = false;
  /** Voice Live dropped while an answer was cut off: the new session is asked to give it again. */
  private lostMidAnswer = false;
  /** The end_call tool ran: the call ends after the goodbye. */
  private endRequested = false;
  /** The transfer tool speaks its own announcement when the model did not say anything first. */
  private announceTransfer = true;
  /** Whether the service cancels interrupted responses itself (as asked, until session.updated says). */
  private serviceInterrupts: boolean;
  /** The configuration last sent in a session.update, until the service's session.updated answers it. */
  private awaitingAcceptance: SessionConfig | undefined;
  /** Configuration fields the service changed, already logged (once per call). */
  private readonly loggedDifferences = new Set<string>();

  constructor(options: CallSessionOptions) {
    this.ids = options.ids;
    this.settings = options.settings;
    this.features = options.settings.features ?? NO_FEATURES;
    this.clock = options.clock;
    this.wallClock = options.wallClock ?? Date.now;
    this.logger = options.logger;
    this.callControl = options.callControl;
    this.onEnded = options.onEnded;
    this.startedAtMs = options.clock.now();
    this.acs = new CallerMediaLink(options.acs);
    this.voiceLive = options.voiceLive;
    this.rates = audioRates(options.settings);
    this.serviceInterrupts = options.settings.serviceInterruptsResponse ?? true;
    const { clock, features, metrics } = this;
    const { acsHz, modelHz } = this.rates;

    this.inbound = new InboundAudio({
      acsHz,
      modelHz,
      metrics,
      send: (text) => this.voiceLive.sendText(text),
    });
    this.output = new CallerAudioOutput({
      acs: this.acs,
      clock,
      acsHz,
      modelHz,
      leadMs: this.settings.pacingLeadMs,
      metrics,
      startedAtMs: this.startedAtMs,
      ...(options.framePool ? { pool: options.framePool } : {}),
      listener: {
        replyAudible: (responseId) => this.replies.heard(responseId, clock.now()),
        playedOut: () => this.onPlayedOut(),
      },
    });
    this.replies = new BotReplies({
      send: (event) => this.voiceLive.send(event),
      clock,
      persona: this.settings.systemPrompt,
      onTrouble: (trouble, code) => this.onReplyTrouble(trouble, code),
    });
    this.transfers = new CallTransfer(
      {
        ids: this.ids,
        clock,
        logger: this.logger,
        metrics,
        callControl: this.callControl,
        audit: options.audit,
        wallClock: this.wallClock,
        isEndingOrEnded: () => this.ending || this.ended || this.state === "transferring",
        isEnded: () => this.ended,
        started: () => this.setState("transferring"),
        announce: (instructions) => this.replies.request({ instructions }),
        whenIdle: (maxMs) => this.whenIdle(maxMs),
        muteCaller: (muted) => this.inbound.setMuted(muted),
        transferred: () => this.end("transferred"),
        callGone: () => this.end("call-disconnected"),
        failed: (byTool) => this.onTransferFailed(byTool),
      },
      {
        transferMessage: features.transferMessage,
        transfer: features.transfer ?? DEFAULT_TRANSFER_SETTINGS,
        destinations: features.destinations,
      },
    );
    this.tools = new ToolRunner({
      tools: features.tools,
      clock,
      callId: this.ids.callId,
      call: {
        endCall: () => {
          this.endRequested = true;
        },
        transfer: (target) =>
          this.transfers.transfer(target, {
            announce: this.announceTransfer,
            byTool: true,
            actor: "tool:transfer_to_human",
          }),
      },
      defaultTimeoutMs: features.toolTimeoutMs,
      fillerAfterMs: features.toolFillerAfterMs,
      onSlow: () => this.replies.request({ instructions: SLOW_TOOL_INSTRUCTIONS }),
    });
    this.timeouts = new CallTimeouts(clock, features.timeouts, {
      reprompt: () => this.replies.request({ instructions: REPROMPT_INSTRUCTIONS }),
      silentTooLong: () => void this.finish("caller-silent", SILENCE_GOODBYE_INSTRUCTIONS),
      maxDurationReached: () => void this.finish("max-duration", MAX_DURATION_GOODBYE_INSTRUCTIONS),
    });
    this.dtmf = features.dtmf.enabled
      ? new DtmfCollector(clock, features.dtmf.interDigitMs, (digits) => this.onKeySequence(digits))
      : undefined;
    const renew = this.voiceLive.renew?.bind(this.voiceLive);
    this.renewal =
      features.renewal && renew
        ? new SessionRenewal(
            {
              clock,
              wallClock: this.wallClock,
              renew,
              isEnded: () => this.ended,
              // Nobody speaking, nothing pending: the replacement takes over unnoticed.
              isQuiet: () => this.replies.quiet && this.state === "active",
              setupEvents: () => [this.sessionUpdate(), ...this.history.restoreEvents()],
            },
            features.renewal,
          )
        : undefined;
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

  get isEnded(): boolean {
    return this.ended;
  }

  /**
   * Watches the call: state changes, transcripts, completed turns (with latency, barge-in, tools and
   * usage), DTMF, Voice Live reconnects and the end. Returns the unsubscribe function.
   */
  subscribe(listener: CallEventListener): () => void {
    return this.events.subscribe(listener);
  }

  /** A copy of the call's counters, current to this moment. */
  metricsSnapshot(): CallMetrics {
    return { ...this.metrics, sendsDeferred: this.output.sendsDeferred };
  }

  // ---- what others ask of the call ------------------------------------------------------------------

  /**
   * Call Automation events for this call (CallTransferAccepted/Failed, CallDisconnected), fed by
   * whoever receives the callbacks (the control plane over Web PubSub, or a test).
   */
  onCallAutomationEvent(event: CallAutomationEventInput): void {
    if (this.ended) return;
    const outcome = transferOutcomeOf(event);
    if (outcome) {
      if (event.operationContext === this.transfers.operationContext) this.transfers.outcome(outcome);
      else this.logger.warn({ event: event.type }, "transfer outcome of another operation ignored");
      return;
    }
    if (event.type !== "CallDisconnected") return;
    // The bot's leg leaves the call once a transfer went through, sometimes before the accept arrives.
    if (this.transfers.mediaClosed()) this.end("transferred");
    else this.end(this.hangingUp ?? "call-disconnected");
  }

  /**
   * Transfers the caller to a phone number (E.164) allowed by ALLOWED_DESTINATIONS; the caller hears the
   * transfer message first. `actor`: who asked, for the audit record ("supervisor:<name>").
   */
  transfer(target: string, actor = "supervisor"): Promise<TransferOutcome> {
    return this.transfers.transfer(target, { announce: true, byTool: false, actor });
  }

  /**
   * Tells the model something the caller does not hear (a system message), used in its next answer.
   * Returns false when Voice Live is not connected or the text is empty.
   */
  whisper(text: string): boolean {
    const trimmed = text.trim().slice(0, MAX_WHISPER_CHARS);
    if (this.ended || trimmed === "") return false;
    return this.voiceLive.send(systemMessage(trimmed));
  }

  /** Ends the call politely: the model says goodbye, the caller hears it, then the call is hung up. */
  endCall(reason: CallEndReason = "supervisor-ended"): Promise<void> {
    return this.finish(reason, GOODBYE_INSTRUCTIONS);
  }

  // ---- the ACS socket -------------------------------------------------------------------------------

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
        this.onAudioMetadata(message.sampleRate);
        return;
      case "DtmfData":
        this.onKeyTone(message.data);
        return;
      case "TranscriptionMetadata":
      case "TranscriptionData":
        return;
      case "Unknown":
        this.metrics.acsUnknown++;
        return;
      case "Invalid":
        this.onInvalidAcsFrame(message);
        return;
    }
  }

  /**
   * The ACS socket closed. An orderly close (1000, or a close frame without a code) is the caller hanging
   * up or ACS ending the stream (after a transfer, ACS drops the bot's leg). Any other close (1006: no
   * close frame, a network drop; 1001: the peer going away; a protocol error) loses the media but not the
   * call: ACS may reconnect, so the call waits for that (`mediaLost`). `link`: the socket that closed; one
   * already replaced is of no concern.
   */
  onAcsClosed(code: number, link?: AcsLink): void {
    if (this.ended || (link !== undefined && link !== this.acs.current)) return;
    this.logger.info({ code }, "ACS media socket closed");
    if (this.transfers.mediaClosed()) {
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

  private onAudioMetadata(announcedHz: number): void {
    const configuredHz = this.rates.acsHz;
    if (announcedHz === configuredHz) return;
    if (announcedHz !== 16000 && announcedHz !== 24000) {
      this.logger.warn(
        { sampleRate: announcedHz },
        "ACS announced an unsupported sample rate; keeping the configured one",
      );
      return;
    }
    // ACS is the authority on what it sends and plays: follow it and convert on our side.
    this.logger.warn({ configuredHz, announcedHz }, "ACS audio rate differs from ACS_AUDIO_FORMAT");
    this.rates = { ...this.rates, acsHz: announcedHz };
    this.inbound.setAcsRate(announcedHz);
    this.output.setAcsRate(announcedHz);
  }

  private onInvalidAcsFrame(message: Extract<AcsInboundMessage, { kind: "Invalid" }>): void {
    this.metrics.acsMalformed++;
    if (this.metrics.acsMalformed === 1) this.logger.warn({ reason: message.reason }, "malformed ACS frame");
  }

  /** A key press is the caller being there: their silence starts over. */
  private onKeyTone(tone: string): void {
    if (!this.dtmf) return;
    this.timeouts.callerActive();
    if (!this.dtmf.push(tone)) this.metrics.dtmfInvalid++;
  }

  /** A key sequence reaches the model as the caller's words, and the model answers it. */
  private onKeySequence(digits: string): void {
    if (this.ended) return;
    this.metrics.dtmfSequences++;
    // Before the model has them: its answer is redacted from the first word.
    this.keyedDigits.remember(digits);
    const text = `${DTMF_PREFIX} ${digits}`;
    // Key presses can be PINs or card numbers: the record (and any watcher) gets their count only.
    this.turns.callerTranscript(`[${digits.length} keypad keys]`);
    this.history.add("user", text);
    this.emit({ type: "dtmf", keyCount: digits.length, atMs: this.clock.now() });
    this.voiceLive.send({
      type: "conversation.item.create",
      item: { type: "message", role: "user", content: [{ type: "input_text", text }] },
    });
    this.replies.request();
  }

  // ---- the Voice Live link --------------------------------------------------------------------------

  /** A session is open: configure it, then greet the caller once, or go on after a reconnect. */
  onVoiceLiveOpened(reconnected: boolean): void {
    if (this.ended) return;
    this.voiceLive.send(this.sessionUpdate());
    // The greeting is asked for before the held caller audio goes out: it is what the caller waits for.
    if (reconnected) {
      this.metrics.voiceLiveReconnects++;
      // The new session knows nothing: give it the conversation so far, so the caller can go on.
      for (const event of this.history.restoreEvents()) this.voiceLive.send(event);
      this.emit({ type: "voice-live", change: "reconnected", atMs: this.clock.now() });
      if (this.lostMidAnswer) {
        this.lostMidAnswer = false;
        this.replies.request({ instructions: RECONNECTED_INSTRUCTIONS });
      } else {
        this.replies.resume();
      }
    } else if (this.settings.greeting !== "" && !this.greeted) {
      this.greeted = true;
      this.replies.request({ instructions: greetingInstructions(this.settings.greeting) });
    }
    if (this.state === "connecting") {
      this.setState("active");
      // Without a greeting the caller is expected to speak first: their silence counts from now.
      if (this.settings.greeting === "") this.timeouts.botFinished(0);
    }
    this.inbound.resume();
  }

  onVoiceLiveEvent(event: ServerEvent): void {
    if (this.ended) return;
    switch (event.type) {
      case "response.audio.delta":
        if (this.replies.isInterrupted(event.response_id)) {
          this.metrics.staleDeltasDropped++;
          return;
        }
        this.output.pushDelta(event.response_id, event.item_id, event.delta);
        return;
      case "response.audio.done":
        if (!this.replies.isInterrupted(event.response_id)) this.output.endItem(event.item_id);
        return;
      case "input_audio_buffer.speech_started":
        this.onCallerStarted();
        return;
      case "input_audio_buffer.speech_stopped":
        // A swap now would drop the auto-response the service is about to create for this turn.
        this.replies.callerStopped();
        this.turns.callerStopped(this.clock.now());
        return;
      case "conversation.item.input_audio_transcription.completed":
        this.onTranscript("caller", event.transcript);
        return;
      case "response.audio_transcript.done":
        this.turns.botTranscript(event.response_id, event.transcript);
        this.onTranscript("bot", event.transcript);
        return;
      case "session.created":
        this.renewal?.schedule(event.session.expires_at ?? undefined);
        return;
      case "session.updated":
        this.acceptSession(event.session);
        return;
      case "response.created":
        this.metrics.responses++;
        this.replies.created(event.response.id);
        this.timeouts.botStarted();
        return;
      case "response.output_item.done":
        if (event.item.type === "function_call") this.replies.functionCall(event.response_id, event.item);
        return;
      case "response.done":
        this.onResponseDone(event.response);
        return;
      case "error":
        this.onVoiceLiveError(event.error);
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
    this.lostMidAnswer = this.replies.inFlight || this.output.hasUnsentAudio;
    this.replies.connectionLost();
    this.inbound.hold();
    this.stopAudio();
    this.emit({ type: "voice-live", change: "lost", atMs: this.clock.now() });
  }

  /** A replacement Voice Live session took over (before the old one expired). */
  onVoiceLiveRenewed(): void {
    if (this.ended) return;
    this.metrics.voiceLiveRenewals++;
    this.logger.info({ renewals: this.metrics.voiceLiveRenewals }, "voice live session renewed");
    this.emit({ type: "voice-live", change: "renewed", atMs: this.clock.now() });
  }

  /** Voice Live cannot be reached: tell the caller with a short tone, then hang up. */
  onVoiceLiveFailed(reason: CallEndReason = "voice-live-unavailable"): void {
    if (this.ended || this.failureTimer !== undefined) return;
    this.emit({ type: "voice-live", change: "failed", atMs: this.clock.now() });
    this.inbound.hold();
    this.stopAudio();
    const toneMs = this.output.playTone(apologyToneFrames(this.rates.acsHz));
    this.failureTimer = this.clock.setTimeout(() => {
      this.failureTimer = undefined;
      void this.hangUp(reason);
    }, toneMs + this.settings.pacingLeadMs);
  }

  /** The caller started speaking: over the bot, that is a barge-in. */
  private onCallerStarted(): void {
    this.replies.callerStarted();
    this.timeouts.callerActive();
    const outcome = bargeIn({
      output: this.output,
      replies: this.replies,
      sendToVoiceLive: (event) => this.voiceLive.send(event),
      serviceInterruptsResponse: this.serviceInterrupts,
    });
    this.replies.playedOut();
    if (!outcome) return;
    const heardMs = outcome.truncated?.audioEndMs;
    this.metrics.bargeIns++;
    if (outcome.cancelledResponseId) this.metrics.cancellations++;
    if (outcome.truncated) this.metrics.truncations++;
    this.turns.interrupted(heardMs);
    this.emit({ type: "barge-in", heardMs, atMs: this.clock.now() });
    this.logger.info({ clearedFrames: outcome.clearedFrames, audioEndMs: heardMs }, "caller barged in");
    this.settleIdleWaiters();
    this.renewal?.callMayBeQuiet();
  }

  private onTranscript(role: "caller" | "bot", text: string): void {
    if (text.trim() === "") return;
    if (role === "caller") this.turns.callerTranscript(text);
    this.history.add(role === "caller" ? "user" : "assistant", text);
    this.emit({ type: "transcript", role, text, atMs: this.clock.now() });
  }

  /** A reply ended: record the turn, run the tools it asked for, or start counting the caller's silence. */
  private onResponseDone(response: ResponseResource): void {
    this.replies.done(response);
    const turn = this.turns.responseDone(response, this.wallClock(), this.replies.firstAudioAt(response.id));
    if (turn) this.emit({ type: "turn", turn });
    const calls = this.replies.functionCallsOf(response);
    if (calls.length > 0 && response.status === "completed") {
      void this.runTools(calls, this.replies.wasHeard(response.id));
    } else if (this.replies.waitingForCaller && !this.ending && this.state === "active") {
      // A cancelled answer (barge-in) ends while the caller talks: their silence has not started.
      this.timeouts.botFinished(this.output.remainingMs);
    }
    this.settleIdleWaiters();
    this.renewal?.callMayBeQuiet();
  }

  private onVoiceLiveError(error: Extract<ServerEvent, { type: "error" }>["error"]): void {
    this.metrics.voiceLiveErrors++;
    this.logger.warn(
      { code: error.code ?? undefined, errorType: error.type, param: error.param ?? undefined },
      "voice live error",
    );
    // Only an error naming our waiting response.create (by event_id) concerns it.
    this.replies.error(error.event_id, error.code);
    this.settleIdleWaiters();
    this.renewal?.callMayBeQuiet();
  }

  /** Said twice and still no answer: the caller hears that the bot is in trouble, not silence. */
  private onReplyTrouble(trouble: ReplyTrouble, code: string | undefined): void {
    this.logger.warn({ trouble, code }, "voice live could not answer");
    if (trouble !== "refused" && !this.ended) this.onVoiceLiveFailed("voice-live-unavailable");
    this.settleIdleWaiters();
    this.renewal?.callMayBeQuiet();
  }

  private onPlayedOut(): void {
    this.replies.playedOut();
    this.settleIdleWaiters();
    this.renewal?.callMayBeQuiet();
  }

  /** The `session.update` that configures a new session; its session.updated is checked against it. */
  private sessionUpdate(): ClientEvent {
    const session = buildSessionConfig({ ...this.settings, tools: this.features.tools.map(toolDefinition) });
    this.awaitingAcceptance = session;
    return { type: "session.update", session };
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
    if (acceptance.outputHz !== undefined) this.output.setModelRate(acceptance.outputHz);
    if (acceptance.serviceInterrupts !== undefined) this.serviceInterrupts = acceptance.serviceInterrupts;
    if (acceptance.unusable) {
      this.logger.error({ unusable: acceptance.unusable }, "voice live cannot serve the call as configured");
      this.onVoiceLiveFailed("voice-live-refused-config");
    }
  }

  // ---- tools and transfers --------------------------------------------------------------------------

  /** The model's function calls of one reply; `spokeFirst`: the caller heard audio of that reply. */
  private async runTools(calls: FunctionCallItem[], spokeFirst: boolean): Promise<void> {
    this.replies.toolsStarted();
    this.announceTransfer = !spokeFirst;
    let results: ToolCallResult[];
    try {
      results = await Promise.all(
        calls.map((call) => this.tools.run(call.name, call.call_id, call.arguments)),
      );
    } finally {
      this.replies.toolsFinished();
    }
    if (this.ended) return;
    for (const result of results) {
      this.metrics.toolCalls++;
      if (result.status !== "ok") this.metrics.toolFailures++;
      const entry = { name: result.name, status: result.status, durationMs: result.durationMs };
      this.turns.tool(entry);
      this.emit({ type: "tool", ...entry, atMs: this.clock.now() });
      this.logger.info(entry, "tool call");
      this.voiceLive.send({
        type: "conversation.item.create",
        item: { type: "function_call_output", call_id: result.callId, output: result.output },
      });
    }
    if (this.endRequested) {
      this.endRequested = false;
      await this.finish("bot-ended", spokeFirst ? undefined : GOODBYE_INSTRUCTIONS);
      return;
    }
    if (this.ending || this.state === "transferring") return;
    this.replies.request();
  }

  /** The transfer failed and the caller is still here: the call goes on. */
  private onTransferFailed(byTool: boolean): void {
    this.setState("active");
    // The tool's output tells the model; a supervisor's transfer needs a word of its own.
    if (byTool) return;
    this.voiceLive.send(systemMessage(TRANSFER_FAILED_NOTE));
    this.replies.request();
  }

  // ---- ending ---------------------------------------------------------------------------------------

  /** Says goodbye (when asked to), waits until the caller heard it, then hangs up. */
  private async finish(reason: CallEndReason, goodbyeInstructions: string | undefined): Promise<void> {
    if (this.ending || this.ended) return;
    this.ending = true;
    this.setState("ending");
    this.timeouts.close();
    if (goodbyeInstructions !== undefined) {
      if (this.replies.inFlight && reason !== "bot-ended") {
        // An answer in progress is cut: the goodbye is what the caller must hear.
        this.stopAudio();
        this.voiceLive.send({ type: "response.cancel" });
      }
      this.replies.clearQueue();
      this.replies.request({ instructions: goodbyeInstructions });
    }
    await this.whenIdle(GOODBYE_MAX_MS);
    await this.hangUp(reason);
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
      this.logger.warn({ err: errorLabel(error) }, "call lookup failed");
    }
    if (!this.ended && !this.acs.current) await this.hangUp(reason);
  }

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
        this.logger.warn({ reason, err: errorLabel(error) }, "hang-up failed");
      }
    }
    this.end(reason);
  }

  /** Idempotent: stops every timer, closes both sockets, ends every wait, reports the call once. */
  end(reason: CallEndReason): void {
    if (this.ended) return;
    this.ended = true;
    for (const timer of [this.mediaLossTimer, this.failureTimer]) {
      if (timer !== undefined) this.clock.clearTimeout(timer);
    }
    this.mediaLossTimer = undefined;
    this.failureTimer = undefined;
    this.renewal?.close();
    this.timeouts.close();
    this.dtmf?.close();
    this.tools.cancelAll();
    this.transfers.close();
    this.settleIdleWaiters();
    this.replies.close();
    this.output.close();
    this.voiceLive.close();
    if (this.acs.isOpen) this.acs.close(NORMAL_CLOSE, reason);
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

  // ---- the call's own state -------------------------------------------------------------------------

  /** Stops what the caller hears; the replies that produced it are never heard again. */
  private stopAudio(): void {
    const { responseIds } = this.output.stop();
    for (const responseId of new Set([this.replies.speakingId, ...responseIds])) {
      if (responseId !== undefined) this.replies.interrupt(responseId);
    }
    this.replies.playedOut();
  }

  /** Resolves once the bot is not busy (BotReplies), the call ended, or `maxMs` passed. */
  private whenIdle(maxMs: number): Promise<void> {
    if (this.ended || !this.replies.busy) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = {
        resolve,
        timer: this.clock.setTimeout(() => {
          this.idleWaiters.delete(waiter);
          resolve();
        }, maxMs),
      };
      this.idleWaiters.add(waiter);
    });
  }

  private settleIdleWaiters(): void {
    if (this.idleWaiters.size === 0 || (this.replies.busy && !this.ended)) return;
    for (const waiter of this.idleWaiters) {
      this.clock.clearTimeout(waiter.timer);
      waiter.resolve();
    }
    this.idleWaiters.clear();
  }

  /** The one way out of the call for its events: records and the monitor never see keyed digits. */
  private emit(event: CallEvent): void {
    this.events.emit(this.keyedDigits.redactEvent(event));
  }

  private setState(state: CallState): void {
    if (this.state === state || this.state === "ended") return;
    this.state = state;
    this.emit({ type: "state", state, atMs: this.clock.now() });
    this.renewal?.callMayBeQuiet();
  }
}

function systemMessage(text: string): ClientEvent {
  return {
    type: "conversation.item.create",
    item: { type: "message", role: "system", content: [{ type: "input_text", text }] },
  };
}
