// The ACS side of one call's media leg. Every 20 ms tick of call time the caller's microphone sends one
// frame and the caller's speaker plays one frame of buffered bot audio, so what was said and what was
// heard share one timeline. The line itself is ideal (no transport delay or loss): any latency the
// report shows was added by the worker and whatever is behind it.
import { randomUUID } from "node:crypto";
import { acsSampleRateHz, frameSamples, pcm16ToBase64 } from "@acs-voice/shared";
import WebSocket, { type RawData } from "ws";
import { rmsLevel } from "./audio-level.js";
import { type CallerClock, type CancelTimer, resolveCallerClock } from "./caller-clock.js";
import { encodeAudioData, encodeAudioMetadata, encodeDtmfData } from "./caller-messages.js";
import { CallerFrameSource } from "./frame-source.js";
import { JitterBuffer } from "./jitter-buffer.js";
import type { HeardFrame, MediaCallReport, RecordedOutbound } from "./media-call-report.js";
import {
  ACS_FRAME_MS,
  MEDIA_CLIENT_DEFAULTS,
  type MediaClientOptions,
  validateOptions,
} from "./media-client-options.js";
import { NetworkDelay } from "./network-delay.js";
import { parseWorkerMessage } from "./outbound-parser.js";
import { PcmRecorder } from "./pcm-recorder.js";
import { PlayoutGaps } from "./playout-gaps.js";
import { TurnMetrics } from "./turn-metrics.js";

/** Catching up after a stalled event loop runs at most this many frames before yielding. */
const MAX_FRAMES_PER_WAKE = 50;
const DTMF_TONES = /^[0-9*#A-D]+$/;

export interface MediaClient {
  /** Resolves when the socket closes, from either side; never rejects. */
  readonly done: Promise<MediaCallReport>;
  /** Resolves true once the socket is open, false if it never opens; never rejects. */
  readonly opened: Promise<boolean>;
  /** The caller hangs up: no more frames, the socket is closed (1000). */
  hangUp(): void;
  /**
   * The network between ACS and the worker fails: the connection is cut without a close frame (the
   * worker sees 1006). The call itself is not over; ACS decides what happens next.
   */
  drop(): void;
  /** Every message from the worker (up to `maxRecordedMessages`), raw + decoded kind, with time. */
  readonly received: RecordedOutbound[];
  /** Presses keys ("0"-"9", "*", "#", "A"-"D"): one DtmfData message each; returns how many were sent. */
  sendDtmf(tones: string): number;
}

/** Plays the ACS side of one call's media leg against a media worker. */
export function startMediaClient(options: MediaClientOptions): MediaClient {
  return new AcsMediaClient(options);
}

class AcsMediaClient implements MediaClient {
  readonly done: Promise<MediaCallReport>;
  readonly opened: Promise<boolean>;
  readonly received: RecordedOutbound[] = [];

  readonly #options: MediaClientOptions;
  readonly #clock: CallerClock;
  readonly #socket: WebSocket;
  readonly #sampleRateHz: number;
  readonly #source: CallerFrameSource;
  readonly #jitter: JitterBuffer;
  readonly #sentTrack: PcmRecorder;
  readonly #heardTrack: PcmRecorder;
  readonly #metrics: TurnMetrics;
  readonly #silenceThreshold: number;
  readonly #participantRawId: string;
  readonly #maxRecordedMessages: number;
  readonly #maxSendBufferBytes: number;
  readonly #closeTimeoutMs: number;
  readonly #trailingSilenceMs: number | undefined;
  readonly #heardFrames: HeardFrame[] = [];
  readonly #dtmfSent: { atMs: number; tone: string }[] = [];
  #resolveDone: (report: MediaCallReport) => void = () => {};
  #resolveOpened: (opened: boolean) => void = () => {};
  #dropped = false;
  readonly #network: NetworkDelay | undefined;
  readonly #gaps = new PlayoutGaps(ACS_FRAME_MS);

  #openedAtMs: number | undefined;
  #startEpochMs: number | undefined;
  #nextFrame = 0;
  #cancelTick: CancelTimer | undefined;
  #cancelCloseTimeout: CancelTimer | undefined;
  #callerHungUp = false;
  #finished = false;
  #upgradeStatus: number | undefined;
  #errorCode: string | undefined;
  #framesSent = 0;
  #framesReceived = 0;
  #stopAudioCount = 0;
  #malformedCount = 0;
  #unknownCount = 0;
  #overflowSamples = 0;
  #stoppedSamples = 0;
  #framesDroppedBackpressure = 0;
  #receivedNotRecorded = 0;

  constructor(options: MediaClientOptions) {
    validateOptions(options);
    this.#options = options;
    this.#clock = resolveCallerClock(options.clock);
    this.#sampleRateHz = acsSampleRateHz(options.format);
    const samplesPerFrame = frameSamples(this.#sampleRateHz, ACS_FRAME_MS);
    const samplesPerMs = this.#sampleRateHz / 1000;
    const maxRecordingSamples = Math.ceil(
      (options.maxRecordingMs ?? MEDIA_CLIENT_DEFAULTS.maxRecordingMs) * samplesPerMs,
    );
    this.#source = new CallerFrameSource(options.caller, samplesPerFrame);
    this.#jitter = new JitterBuffer(
      Math.max(
        samplesPerFrame,
        Math.ceil((options.jitterBufferMs ?? MEDIA_CLIENT_DEFAULTS.jitterBufferMs) * samplesPerMs),
      ),
    );
    this.#sentTrack = new PcmRecorder(maxRecordingSamples);
    this.#heardTrack = new PcmRecorder(maxRecordingSamples);
    this.#metrics = new TurnMetrics({
      frameMs: ACS_FRAME_MS,
      callerHangoverMs: options.utteranceHangoverMs ?? MEDIA_CLIENT_DEFAULTS.utteranceHangoverMs,
      botHangoverMs: options.botHangoverMs ?? MEDIA_CLIENT_DEFAULTS.botHangoverMs,
    });
    this.#silenceThreshold = options.silenceThreshold ?? MEDIA_CLIENT_DEFAULTS.silenceThreshold;
    this.#participantRawId = options.participantRawId ?? MEDIA_CLIENT_DEFAULTS.participantRawId;
    this.#maxRecordedMessages = options.maxRecordedMessages ?? MEDIA_CLIENT_DEFAULTS.maxRecordedMessages;
    this.#maxSendBufferBytes = options.maxSendBufferBytes ?? MEDIA_CLIENT_DEFAULTS.maxSendBufferBytes;
    this.#closeTimeoutMs = options.closeTimeoutMs ?? MEDIA_CLIENT_DEFAULTS.closeTimeoutMs;
    this.#trailingSilenceMs = options.trailingSilenceMs;
    this.done = new Promise((resolve) => {
      this.#resolveDone = resolve;
    });
    this.opened = new Promise((resolve) => {
      this.#resolveOpened = resolve;
    });

    const headers: Record<string, string> = {
      "x-ms-call-connection-id": options.callConnectionId,
      "x-ms-call-correlation-id": options.correlationId,
    };
    if (options.authorization !== undefined) headers.authorization = options.authorization;
    const connect = options.connect ?? ((url, socketOptions) => new WebSocket(url, socketOptions));
    this.#socket = connect(options.transportUrl, {
      headers,
      maxPayload: options.maxPayloadBytes ?? MEDIA_CLIENT_DEFAULTS.maxPayloadBytes,
      perMessageDeflate: false,
    });
    this.#socket.on("open", () => this.#onOpen());
    this.#network = options.network ? new NetworkDelay(this.#clock, options.network) : undefined;
    this.#socket.on("message", (data, isBinary) => {
      const network = this.#network;
      if (network) network.send(() => this.#onMessage(data, isBinary));
      else this.#onMessage(data, isBinary);
    });
    this.#socket.on("unexpected-response", (_request, response) => {
      this.#upgradeStatus = response.statusCode;
      response.resume();
      this.#socket.terminate();
    });
    this.#socket.on("error", (error: NodeJS.ErrnoException) => {
      this.#errorCode ??= typeof error.code === "string" ? error.code : "socket-error";
    });
    this.#socket.on("close", (code, reason) => this.#finish(code, reason.toString("utf8")));
  }

  hangUp(): void {
    if (this.#finished || this.#callerHungUp) return;
    this.#stopTicking();
    // Already closing: the worker hung up first, and the report should say so.
    if (this.#socket.readyState === WebSocket.CLOSING || this.#socket.readyState === WebSocket.CLOSED) return;
    this.#callerHungUp = true;
    if (this.#socket.readyState === WebSocket.CONNECTING) {
      this.#socket.terminate();
      return;
    }
    this.#socket.close(1000);
    // A worker that never answers the close frame must not keep the call (and its timers) alive.
    this.#cancelCloseTimeout = this.#clock.setTimer(this.#closeTimeoutMs, () => {
      this.#cancelCloseTimeout = undefined;
      this.#socket.terminate();
    });
  }

  drop(): void {
    if (this.#finished || this.#callerHungUp) return;
    this.#stopTicking();
    this.#dropped = true;
    this.#socket.terminate();
  }

  sendDtmf(tones: string): number {
    if (!DTMF_TONES.test(tones)) {
      throw new RangeError('DTMF tones must be "0"-"9", "*", "#" or "A"-"D"');
    }
    if (this.#socket.readyState !== WebSocket.OPEN || this.#callerHungUp) return 0;
    const atMs = this.#callTimeMs();
    for (const tone of tones) {
      this.#socket.send(encodeDtmfData(tone));
      this.#dtmfSent.push({ atMs, tone });
    }
    return tones.length;
  }

  #onOpen(): void {
    if (this.#callerHungUp) return;
    this.#openedAtMs = this.#clock.nowMs();
    this.#resolveOpened(true);
    this.#startEpochMs = (this.#options.wallClockMs ?? Date.now)();
    this.#socket.send(
      encodeAudioMetadata({
        subscriptionId: this.#options.subscriptionId ?? randomUUID(),
        sampleRateHz: this.#sampleRateHz,
        frameBytes: this.#source.samplesPerFrame * 2,
      }),
    );
    this.#runDueFrames();
  }

  /** Runs every frame whose time has come, then sleeps until the next one. Frames are scheduled
   * against the time the socket opened, not the previous wake-up, so late timers never add drift. */
  readonly #runDueFrames = (): void => {
    this.#cancelTick = undefined;
    const openedAtMs = this.#openedAtMs;
    // Once the line is going down (either side closing) the call's timeline ends.
    if (openedAtMs === undefined || this.#socket.readyState !== WebSocket.OPEN) return;
    const dueFrame = Math.floor((this.#clock.nowMs() - openedAtMs) / ACS_FRAME_MS);
    for (let ran = 0; this.#nextFrame <= dueFrame && ran < MAX_FRAMES_PER_WAKE; ran++) {
      this.#playFrame(this.#nextFrame++);
      if (this.#callerHungUp || this.#finished) return;
    }
    const delayMs = this.#nextFrame * ACS_FRAME_MS - (this.#clock.nowMs() - openedAtMs);
    this.#cancelTick = this.#clock.setTimer(Math.max(0, delayMs), this.#runDueFrames);
  };

  /** One 20 ms tick of the call: the caller's microphone sends a frame, the caller's speaker plays one. */
  #playFrame(index: number): void {
    const atMs = index * ACS_FRAME_MS;
    const spoken = this.#source.frame(index);
    const callerSpeaking = rmsLevel(spoken) >= this.#silenceThreshold;
    this.#sendCallerFrame(spoken, !callerSpeaking, atMs);
    this.#sentTrack.append(spoken);

    const heard = new Int16Array(this.#source.samplesPerFrame);
    const botSamples = this.#jitter.read(heard);
    this.#heardTrack.append(heard);
    this.#gaps.tick(botSamples, this.#source.samplesPerFrame);
    if (botSamples > 0 && this.#heardFrames.length < this.#maxRecordedFrames()) {
      this.#heardFrames.push({ atMs, botSamples });
    }
    const botAudible = botSamples > 0 && rmsLevel(heard) >= this.#silenceThreshold;
    this.#metrics.observe(index, callerSpeaking, botAudible);

    const callerEndMs = this.#source.callerFrameCount * ACS_FRAME_MS;
    if (
      this.#trailingSilenceMs !== undefined &&
      atMs + ACS_FRAME_MS >= callerEndMs + this.#trailingSilenceMs
    ) {
      this.hangUp();
    }
  }

  #sendCallerFrame(samples: Int16Array, silent: boolean, atMs: number): void {
    if (this.#socket.readyState !== WebSocket.OPEN) return;
    if (this.#socket.bufferedAmount > this.#maxSendBufferBytes) {
      this.#framesDroppedBackpressure++;
      return;
    }
    this.#socket.send(
      encodeAudioData({
        timestamp: new Date((this.#startEpochMs ?? 0) + atMs),
        participantRawId: this.#participantRawId,
        base64Pcm: pcm16ToBase64(samples),
        silent,
      }),
    );
    this.#framesSent++;
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    const raw = rawDataToText(data);
    const message = parseWorkerMessage(raw);
    const record: RecordedOutbound = { atMs: this.#callTimeMs(), raw, binary: isBinary, kind: message.kind };
    switch (message.kind) {
      case "AudioData":
        this.#framesReceived++;
        record.samples = message.samples.length;
        this.#overflowSamples += this.#jitter.push(message.samples);
        break;
      case "StopAudio":
        this.#stopAudioCount++;
        this.#stoppedSamples += this.#jitter.clear();
        this.#gaps.stopped();
        break;
      case "Unknown":
        this.#unknownCount++;
        record.rawKind = message.rawKind;
        break;
      case "Malformed":
        this.#malformedCount++;
        record.reason = message.reason;
        break;
    }
    if (this.received.length < this.#maxRecordedMessages) this.received.push(record);
    else this.#receivedNotRecorded++;
  }

  #finish(code: number, reason: string): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#stopTicking();
    this.#network?.close();
    this.#cancelCloseTimeout?.();
    this.#cancelCloseTimeout = undefined;
    const opened = this.#openedAtMs !== undefined;
    this.#resolveOpened(opened);
    const turns = this.#metrics.finish();
    const toMs = (samples: number) => (samples * 1000) / this.#sampleRateHz;
    this.#resolveDone({
      heard: this.#heardTrack.toInt16Array(),
      sent: this.#sentTrack.toInt16Array(),
      framesSent: this.#framesSent,
      framesReceived: this.#framesReceived,
      stopAudioCount: this.#stopAudioCount,
      callerSpeechEndsMs: turns.callerSpeechEndsMs,
      firstBotAudioAfterCallerStopMs: turns.firstBotAudioAfterCallerStopMs,
      bargeInStopMs: turns.bargeInStopMs,
      closeCode: opened ? code : undefined,
      closeReason: reason,
      endedBy: !opened
        ? "connect-failed"
        : this.#callerHungUp
          ? "caller"
          : this.#dropped
            ? "network"
            : "worker",
      upgradeStatus: this.#upgradeStatus,
      playoutGaps: this.#gaps.gaps,
      playoutGapMs: this.#gaps.gapMs,
      errorCode: this.#errorCode,
      sampleRateHz: this.#sampleRateHz,
      startEpochMs: this.#startEpochMs,
      heardFrames: this.#heardFrames,
      utterances: turns.utterances,
      bargeIns: turns.bargeIns,
      botOnsetsMs: turns.botOnsetsMs,
      dtmfSent: this.#dtmfSent,
      malformedCount: this.#malformedCount,
      unknownCount: this.#unknownCount,
      botAudioOverflowMs: toMs(this.#overflowSamples),
      botAudioStoppedMs: toMs(this.#stoppedSamples),
      framesDroppedBackpressure: this.#framesDroppedBackpressure,
      receivedNotRecorded: this.#receivedNotRecorded,
      recordingTruncated: this.#sentTrack.droppedSamples > 0 || this.#heardTrack.droppedSamples > 0,
    });
  }

  #stopTicking(): void {
    this.#cancelTick?.();
    this.#cancelTick = undefined;
  }

  #callTimeMs(): number {
    return this.#openedAtMs === undefined ? 0 : this.#clock.nowMs() - this.#openedAtMs;
  }

  #maxRecordedFrames(): number {
    return Math.ceil(this.#sentTrack.maxSamples / this.#source.samplesPerFrame);
  }
}

function rawDataToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return data.toString("utf8");
}
