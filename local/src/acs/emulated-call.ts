// One call connection as the emulated ACS sees it: its state machine, the callbacks it produced (sent in
// order), and its media leg. The REST router drives it; tests drive the caller's side (hangUp).

import type { AcsAudioFormat } from "@acs-voice/shared";
import { readWav } from "@acs-voice/shared";
import type { CallbackSender, CallbackSendOptions, SentCallback } from "./callback-sender.js";
import { CallbackStream } from "./callback-stream.js";
import type { CommunicationIdentifierModel } from "./identifiers.js";
import type { MediaCallReport, MediaClientOptions } from "./media/index.js";
import type { MediaLegDefaults } from "./media-defaults.js";
import type { MediaLeg, MediaLegStarter } from "./media-leg.js";
import {
  type CallConnectionState,
  type CallConnectionView,
  callConnectionProperties,
  type MediaStreamingSubscriptionState,
} from "./payloads/call-connection-properties.js";
import {
  type CallbackEvent,
  type CallbackEventType,
  type MediaStreamingStatusDetails,
  type ResultInformation,
  results,
} from "./payloads/callback-events.js";
import type { MediaTokenKind, TokenIssuer } from "./token-issuer.js";

export type CallEndReason =
  | "bot-hang-up" // DELETE /calling/callConnections/{id}
  | "bot-terminate" // POST …:terminate
  | "caller-hang-up" // EmulatedCall.hangUp()
  | "transferred"
  | "accepted-elsewhere" // a second answer of the same incoming call
  | "callee-unreachable" // createCall to a failing number
  | "answer-failed" // the caller hung up before the answer
  | "emulator-closed";

export interface MediaStreamingSettings {
  transportUrl: string | undefined;
  format: AcsAudioFormat;
  startMediaStreaming: boolean;
  enableBidirectional: boolean;
  audioChannelType: "mixed" | "unmixed";
  enableDtmfTones: boolean;
}

export interface EmulatedCall {
  readonly callConnectionId: string;
  readonly serverCallId: string;
  readonly correlationId: string;
  readonly direction: "inbound" | "outbound";
  readonly callbackUri: string;
  readonly state: CallConnectionState;
  /** The answer / createCall request body, as parsed. */
  readonly request: Readonly<Record<string, unknown>>;
  readonly mediaStreaming: MediaStreamingSettings | undefined;
  readonly mediaStreamingState: MediaStreamingSubscriptionState;
  /** The media client of the leg currently streaming, if any. */
  readonly media: MediaLeg | undefined;
  /** Every media leg this call started, in order, with its report once it ended. */
  readonly mediaLegs: ReadonlyArray<{ leg: MediaLeg; report: MediaCallReport | undefined }>;
  /** Callbacks sent so far (bounded to the most recent MAX_RECORDED_CALLBACKS). */
  readonly callbacks: readonly SentCallback[];
  /** What was played to the call (`:play`), in order: the file fetched, and how it went. */
  readonly plays: readonly PlayRecord[];
  readonly endReason: CallEndReason | undefined;
  /** Resolves when the call is disconnected. */
  readonly ended: Promise<CallEndReason>;
  /** The caller hangs up: the media leg closes and the app gets CallDisconnected 200/7000. */
  hangUp(): Promise<void>;
  /**
   * The network between ACS and the worker fails: the media socket is cut without a close frame. The
   * call stays up (as on Azure) and the app gets MediaStreamingFailed (streamConnectionInterrupted).
   */
  dropMedia(): void;
  /**
   * The caller presses keys: DtmfData on the media socket when the call streams with `enableDtmfTones`.
   * Returns how many tones were sent (0 without a media leg or with DTMF streaming off).
   */
  pressKeys(tones: string): number;
  /** Sends one more callback for this call, e.g. with a bad token (`{ token: "forged" }`). */
  sendCallback(event: CallbackEvent, options?: CallbackSendOptions): Promise<SentCallback>;
  /** Resolves with the first callback of that type (already sent or yet to come). */
  waitForCallback(type: CallbackEventType, timeoutMs?: number): Promise<SentCallback>;
  /** Resolves once every callback queued so far has been delivered. */
  idle(): Promise<void>;
}

export interface PlayRecord {
  operationContext: string | undefined;
  /** The file source's URL; undefined for a text or SSML source (not rendered here). */
  url: string | undefined;
  outcome: "completed" | "failed" | "playing";
  /** Length of the fetched WAV, which is how long the play lasts. */
  audioMs: number | undefined;
}

/** A mid-call action's own context and, when the request gave one, its own callback URI. */
export interface Operation {
  operationContext?: string;
  callbackUri?: string;
}

export interface EmulatedCallDeps {
  sender: CallbackSender;
  tokens: TokenIssuer;
  /** Undefined: streaming is reported to the app but nobody dials the transport URL. */
  mediaStarter: MediaLegStarter | undefined;
  mediaDefaults: Partial<MediaClientOptions>;
  failingNumbers: ReadonlySet<string>;
  /** How long a transfer target rings before it answers (or fails). */
  transferRingMs: number;
  botIdentity: CommunicationIdentifierModel;
  playDurationMs: number;
  /** Downloads a play's file source (as ACS does before playing it); rejects when it cannot. */
  fetchFile: (url: string) => Promise<Uint8Array>;
  now: () => number;
  delay: (ms: number) => Promise<void>;
  uuid: () => string;
  onChange: () => void;
}

export interface EmulatedCallInit {
  callConnectionId: string;
  serverCallId: string;
  correlationId: string;
  direction: "inbound" | "outbound";
  callbackUri: string;
  operationContext: string | undefined;
  apiVersion: string;
  request: Record<string, unknown>;
  /** The remote party: the caller of an inbound call, the callee of an outbound one. */
  remoteParty: CommunicationIdentifierModel;
  view: Omit<
    CallConnectionView,
    "state" | "mediaStreaming" | "callConnectionId" | "serverCallId" | "correlationId" | "callbackUri"
  >;
  mediaStreaming: MediaStreamingSettings | undefined;
  /** Media client option overrides for this call (e.g. the caller audio given when ringing). */
  mediaOverrides: Partial<MediaLegDefaults>;
  mediaToken: MediaTokenKind;
}

const MAX_RECORDED_PLAYS = 100;

export class EmulatedCallImpl implements EmulatedCall {
  readonly callConnectionId: string;
  readonly serverCallId: string;
  readonly correlationId: string;
  readonly direction: "inbound" | "outbound";
  readonly callbackUri: string;
  readonly request: Readonly<Record<string, unknown>>;
  readonly mediaStreaming: MediaStreamingSettings | undefined;
  readonly ended: Promise<CallEndReason>;
  readonly mediaLegs: Array<{ leg: MediaLeg; report: MediaCallReport | undefined }> = [];

  state: CallConnectionState = "connecting";
  mediaStreamingState: MediaStreamingSubscriptionState;
  media: MediaLeg | undefined;
  endReason: CallEndReason | undefined;

  private readonly init: EmulatedCallInit;
  private readonly stream: CallbackStream;
  private resolveEnded!: (reason: CallEndReason) => void;
  private readonly mediaSubscriptionId: string;
  readonly plays: PlayRecord[] = [];

  constructor(
    init: EmulatedCallInit,
    private readonly deps: EmulatedCallDeps,
  ) {
    this.init = init;
    this.callConnectionId = init.callConnectionId;
    this.serverCallId = init.serverCallId;
    this.correlationId = init.correlationId;
    this.direction = init.direction;
    this.callbackUri = init.callbackUri;
    this.request = init.request;
    this.mediaStreaming = init.mediaStreaming;
    this.mediaStreamingState = init.mediaStreaming ? "inactive" : "disabled";
    this.mediaSubscriptionId = deps.uuid();
    this.stream = new CallbackStream(
      init.callbackUri,
      {
        callConnectionId: init.callConnectionId,
        serverCallId: init.serverCallId,
        correlationId: init.correlationId,
      },
      init.apiVersion,
      { sender: deps.sender, now: deps.now, uuid: deps.uuid, onSent: deps.onChange },
    );
    this.ended = new Promise((resolve) => {
      this.resolveEnded = resolve;
    });
  }

  get callbacks(): readonly SentCallback[] {
    return this.stream.records;
  }

  get isActive(): boolean {
    return this.endReason === undefined;
  }

  properties() {
    return callConnectionProperties({
      ...this.init.view,
      callConnectionId: this.callConnectionId,
      serverCallId: this.serverCallId,
      correlationId: this.correlationId,
      callbackUri: this.callbackUri,
      state: this.state,
      ...(this.mediaStreaming
        ? { mediaStreaming: { subscriptionId: this.mediaSubscriptionId, state: this.mediaStreamingState } }
        : {}),
    });
  }

  // --- driven by the REST router -------------------------------------------------------------

  /** The call is established: ParticipantsUpdated, CallConnected, then media if it starts at connect. */
  async connect(): Promise<void> {
    if (!this.isActive) return;
    this.setState("connected");
    // The captures (callback-*.json, the SDK's live recording) show ParticipantsUpdated just before CallConnected.
    this.enqueue({ type: "ParticipantsUpdated", participants: this.participants(), sequenceNumber: 1 });
    this.enqueue({ type: "CallConnected", operationContext: this.init.operationContext });
    if (this.mediaStreaming?.startMediaStreaming) await this.startMedia({});
  }

  /** A losing duplicate answer: the leg never connects. */
  loseToAnotherEndpoint(): void {
    this.end("accepted-elsewhere", results.acceptedElsewhere);
  }

  failAnswer(result: ResultInformation): void {
    this.enqueue({ type: "AnswerFailed", result, operationContext: this.init.operationContext });
    this.end("answer-failed", undefined);
  }

  /** An outbound call whose callee cannot be reached. */
  failCreate(): void {
    this.enqueue({
      type: "CreateCallFailed",
      result: results.calleeUnavailable,
      operationContext: this.init.operationContext,
    });
    this.end("callee-unreachable", undefined);
  }

  botHangUp(terminate: boolean): void {
    this.end(terminate ? "bot-terminate" : "bot-hang-up", results.botHungUp);
  }

  async transfer(
    target: CommunicationIdentifierModel,
    transferee: CommunicationIdentifierModel | undefined,
    operation: Operation,
  ): Promise<void> {
    const { operationContext } = operation;
    this.setState("transferring");
    // The target's phone rings (a person or a voicemail answers after 20-30 s on real lines).
    await this.deps.delay(this.deps.transferRingMs);
    if (!this.isActive) return;
    if (this.deps.failingNumbers.has(target.rawId)) {
      this.setState("connected");
      this.enqueue(
        { type: "CallTransferFailed", result: results.transferFailed, operationContext },
        operation,
      );
      return;
    }
    this.setState("transferAccepted");
    this.enqueue(
      {
        type: "CallTransferAccepted",
        transferTarget: target,
        transferee: transferee ?? this.init.remoteParty,
        result: results.transferAccepted,
        operationContext,
      },
      operation,
    );
    this.end("transferred", results.disconnectedAfterTransfer);
  }

  /**
   * Plays to the call. A file source is downloaded first, as ACS does: one that cannot be fetched, or is
   * not a WAV, fails the play (PlayFailed 8536 / 8535); a WAV plays for its own length.
   */
  async play(operation: Operation, fileUrl?: string): Promise<void> {
    const { operationContext } = operation;
    const record: PlayRecord = { operationContext, url: fileUrl, outcome: "playing", audioMs: undefined };
    if (this.plays.length < MAX_RECORDED_PLAYS) this.plays.push(record);
    let durationMs = this.deps.playDurationMs;
    if (fileUrl !== undefined) {
      const audio = await this.fetchWav(fileUrl);
      if (!this.isActive) return;
      if (!audio.ok) {
        record.outcome = "failed";
        this.enqueue(
          { type: "PlayFailed", failedPlaySourceIndex: 0, result: audio.result, operationContext },
          operation,
        );
        return;
      }
      record.audioMs = audio.ms;
      durationMs = audio.ms;
    }
    this.enqueue({ type: "PlayStarted", result: results.actionCompleted, operationContext }, operation);
    await this.deps.delay(durationMs);
    if (!this.isActive) return; // ended meanwhile
    record.outcome = "completed";
    this.enqueue({ type: "PlayCompleted", result: results.actionCompleted, operationContext }, operation);
  }

  private async fetchWav(
    url: string,
  ): Promise<{ ok: true; ms: number } | { ok: false; result: ResultInformation }> {
    let bytes: Uint8Array;
    try {
      bytes = await this.deps.fetchFile(url);
    } catch {
      return { ok: false, result: results.playFileUnreachable };
    }
    try {
      const wav = readWav(bytes);
      return { ok: true, ms: (wav.samples.length / wav.channels / wav.sampleRateHz) * 1000 };
    } catch {
      return { ok: false, result: results.playFileInvalid };
    }
  }

  participants(): CommunicationIdentifierModel[] {
    return [this.init.remoteParty, this.deps.botIdentity];
  }

  async startMedia(operation: Operation): Promise<void> {
    const settings = this.mediaStreaming;
    if (!settings || !this.isActive) return;
    if (!settings.transportUrl) {
      this.mediaStreamingState = "inactive";
      this.enqueueMedia("MediaStreamingFailed", "streamUrlMissing", results.streamUrlMissing, operation);
      return;
    }
    this.mediaStreamingState = "active";
    const starter = this.deps.mediaStarter;
    if (!starter) {
      // Nobody dials: streaming is reported as started, as if a socket had opened.
      this.enqueueMedia("MediaStreamingStarted", "subscriptionStarted", results.actionCompleted, operation);
      this.deps.onChange();
      return;
    }
    const tokenKind = this.init.mediaToken;
    const authorization =
      tokenKind === "none" ? undefined : `Bearer ${await this.deps.tokens.mediaToken(tokenKind)}`;
    // The call may have ended, or streaming stopped, while the token was being signed.
    if (!this.isActive || this.mediaStreamingState !== "active") return;
    const leg = starter({
      ...this.deps.mediaDefaults,
      ...this.init.mediaOverrides,
      transportUrl: settings.transportUrl,
      authorization,
      callConnectionId: this.callConnectionId,
      correlationId: this.correlationId,
      format: settings.format,
      caller: this.init.mediaOverrides.caller ?? this.deps.mediaDefaults.caller ?? new Int16Array(0),
    });
    const entry: { leg: MediaLeg; report: MediaCallReport | undefined } = { leg, report: undefined };
    this.mediaLegs.push(entry);
    this.media = leg;
    void leg.done.then(
      (report) => this.onMediaLegDone(entry, report, operation),
      () => this.onMediaLegDone(entry, undefined, operation),
    );
    this.deps.onChange();
    // As on Azure, "started" only once the worker accepted the socket; a refused or unreachable worker
    // gets MediaStreamingFailed with no "started" before it (onMediaLegDone).
    if (await leg.opened) {
      if (this.media === leg && this.isActive) {
        this.enqueueMedia("MediaStreamingStarted", "subscriptionStarted", results.actionCompleted, operation);
      }
    }
  }

  stopMedia(operation: Operation): void {
    this.closeMediaLeg();
    this.mediaStreamingState = "inactive";
    this.enqueueMedia("MediaStreamingStopped", "subscriptionStopped", results.actionCompleted, operation);
  }

  // --- the caller's side and tests -----------------------------------------------------------

  async hangUp(): Promise<void> {
    this.end("caller-hang-up", results.remoteHungUp);
    await this.idle();
  }

  dropMedia(): void {
    this.media?.drop();
  }

  pressKeys(tones: string): number {
    if (!this.media || !this.mediaStreaming?.enableDtmfTones) return 0;
    return this.media.sendDtmf(tones);
  }

  sendCallback(event: CallbackEvent, options: CallbackSendOptions = {}): Promise<SentCallback> {
    return this.enqueue(event, {}, options);
  }

  waitForCallback(type: CallbackEventType, timeoutMs = 5000): Promise<SentCallback> {
    return this.stream.waitFor(type, timeoutMs);
  }

  idle(): Promise<void> {
    return this.stream.idle();
  }

  /** Ends the call without callbacks when the emulator shuts down. */
  shutdown(): void {
    this.end("emulator-closed", undefined);
  }

  // --- internals -------------------------------------------------------------------------------

  private end(reason: CallEndReason, result: ResultInformation | undefined): void {
    if (!this.isActive) return;
    this.endReason = reason;
    this.closeMediaLeg();
    if (this.mediaStreaming) this.mediaStreamingState = "inactive";
    this.setState("disconnected");
    if (result)
      this.enqueue({ type: "CallDisconnected", result, operationContext: this.init.operationContext });
    this.resolveEnded(reason);
  }

  private closeMediaLeg(): void {
    const leg = this.media;
    this.media = undefined;
    leg?.hangUp();
  }

  /** The socket ended on its own (worker closed it, it dropped, or it never connected): the call goes on. */
  private onMediaLegDone(
    entry: { leg: MediaLeg; report: MediaCallReport | undefined },
    report: MediaCallReport | undefined,
    operation: Operation,
  ): void {
    entry.report = report;
    if (this.media !== entry.leg) {
      this.deps.onChange();
      return; // closed by the emulator (stop streaming, hang-up): already reported
    }
    this.media = undefined;
    this.mediaStreamingState = "inactive";
    if (report === undefined || report.endedBy === "connect-failed") {
      // A real log: MediaStreamingFailed 400/8581 "Transport url is not valid or web socket server is not
      // operational", right after CallConnected and with no "started" before it. inferred: which details
      // value goes with a refused token.
      const details: MediaStreamingStatusDetails =
        report?.upgradeStatus === 401 || report?.upgradeStatus === 403
          ? "authenticationFailure"
          : "initialWebSocketConnectionFailed";
      this.enqueueMedia("MediaStreamingFailed", details, results.mediaConnectFailed, operation);
      return;
    }
    // inferred: the result of a socket lost mid-call (no capture).
    this.enqueueMedia(
      "MediaStreamingFailed",
      "streamConnectionInterrupted",
      results.mediaStreamingFailed,
      operation,
    );
  }

  private enqueueMedia(
    type: "MediaStreamingStarted" | "MediaStreamingStopped" | "MediaStreamingFailed",
    details: Extract<CallbackEvent, { type: typeof type }>["details"],
    result: ResultInformation,
    operation: Operation,
  ): void {
    const operationContext = operation.operationContext ?? this.init.operationContext;
    this.enqueue({ type, details, result, operationContext }, operation);
  }

  /** Events of an operation go to its own callback URI when the request named one. */
  private enqueue(
    event: CallbackEvent,
    operation: Operation = {},
    options: CallbackSendOptions = {},
  ): Promise<SentCallback> {
    return this.stream.send(event, options, operation.callbackUri);
  }

  private setState(state: CallConnectionState): void {
    this.state = state;
    this.deps.onChange();
  }
}
