// One emulated Voice Live session (one WebSocket): the service's side of the protocol, written from
// the research notes and the captured payloads, not from our product's client code. It owns the
// effective configuration, the input audio timeline with its VAD, the conversation and the response
// in flight; what to say comes from the TurnScript, faults from the FaultInjector.

import { decodeInputAudio, encodeOutputAudio, isEmulatedAudioFormat } from "./audio-codec.js";
import { itemFromClient } from "./client-items.js";
import { type ConversationItemRecord, ConversationLog, callerAudioItem } from "./conversation-log.js";
import { EnergyVad } from "./energy-vad.js";
import { FaultInjector } from "./fault-injector.js";
import type { FaultPlan } from "./fault-plan.js";
import type { IdFactory } from "./ids.js";
import { BoundedLog, type ReceivedMessage, type SentEvent, WaitableLog } from "./recording.js";
import { type ResourceQuota, tokenQuotaFailure } from "./resource-quota.js";
import { type PlannedOutput, ResponseStream } from "./response-stream.js";
import type { Scenario } from "./scenario.js";
import { errorEvent, errors, type ServiceError } from "./server-errors.js";
import {
  applySessionUpdate,
  defaultSessionConfig,
  isObject,
  type JsonObject,
  outputRateHz,
  sessionOnWire,
  vadSettingsOf,
} from "./session-config.js";
import type { Clock, Timers } from "./timers.js";
import { estimateUsage, measureConversationInput, type Usage } from "./token-usage.js";
import { type ReplyOutput, TurnScript } from "./turn-script.js";

/** The part of a `ws` WebSocket a session uses (a fake in session tests). */
export interface SessionSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** Drops the connection without a close frame (peers see 1006). */
  terminate(): void;
  on(event: "message", listener: (data: unknown, isBinary: boolean) => void): unknown;
  on(event: "close", listener: (code: number) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
}

const SOCKET_OPEN = 1;
/** The service refuses to commit less audio than this. */
const MIN_COMMIT_MS = 100;

export interface SessionSettings {
  scenario: Scenario;
  faults: () => FaultPlan;
  audioSpeed: number;
  chunkMs: number;
  responseLatencyMs: number;
  sessionLifetimeMs: number;
  maxRecorded: number;
  clock: Clock;
  timers: Timers;
  ids: IdFactory;
  synthesize: (text: string, sampleRateHz: number) => Int16Array;
  /** The resource's token quota, shared with the other sessions; absent: unlimited. */
  quota?: ResourceQuota | undefined;
}

export interface SessionIdentity {
  model: string | undefined;
  apiVersion: string | undefined;
  /** Query parameters of the upgrade request, credentials removed. */
  query: Record<string, string>;
  agentMode: boolean;
  agentIncomplete: boolean;
}

export class EmulatedVoiceLiveSession {
  readonly id: string;
  readonly query: Record<string, string>;
  readonly startedAtMs: number;
  private readonly receivedLog: BoundedLog<ReceivedMessage>;
  private readonly sentLog: WaitableLog<SentEvent>;
  private readonly log = new ConversationLog();
  private readonly script: TurnScript;
  private readonly faults: FaultInjector;
  private configValue: JsonObject;
  private readonly vad: EnergyVad;
  /** The session's input timeline: all audio ever appended. */
  private inputAudioMs = 0;
  /** Audio appended since the last commit or clear. */
  private bufferedMs = 0;
  private speech: { itemId: string; startMs: number } | undefined;
  private response: ResponseStream | undefined;
  private responsesStarted = 0;
  /** Where the last spoken reply started, for auto_truncate (which assumes real-time playback). */
  private lastReplyAudio: { itemId: string; firstDeltaAtMs: number } | undefined;
  private previousInput: { textChars: number; audioMs: number } | undefined;
  private closedValue = false;
  private conversationId = "";
  /** The caller's words, sent once the answer to them has started (as the real service does). */
  private pendingTranscription: { itemId: string; text: string; timer: unknown } | undefined;
  private closeCodeValue: number | undefined;
  private unknownEvents = 0;

  constructor(
    private readonly socket: SessionSocket,
    private readonly identity: SessionIdentity,
    private readonly settings: SessionSettings,
  ) {
    this.id = settings.ids("sess");
    this.query = identity.query;
    this.startedAtMs = settings.clock.now();
    this.receivedLog = new BoundedLog(settings.maxRecorded);
    this.sentLog = new WaitableLog(settings.maxRecorded);
    this.script = new TurnScript(settings.scenario);
    this.faults = new FaultInjector(
      settings.faults,
      settings,
      {
        close: (code, reason) => this.close(code, reason),
        sendError: (error) => this.sendError(error, null),
      },
      settings.sessionLifetimeMs,
    );
    this.configValue = defaultSessionConfig({
      id: this.id,
      model: identity.model,
      expiresAtSec: Math.floor((this.startedAtMs + this.faults.lifetimeMs()) / 1000),
      apiVersion: identity.apiVersion,
    });
    this.vad = new EnergyVad(vadSettingsOf(this.turnDetection() ?? {}));
    socket.on("message", (data, isBinary) => this.onMessage(data, isBinary));
    socket.on("close", (code) => this.onClosed(code));
    socket.on("error", () => this.onClosed(1006));
    this.conversationId = settings.ids("conv");
    this.send({ type: "session.created", session: sessionOnWire(this.configValue) });
    if (identity.agentIncomplete) this.sendError(errors.agentMissingParams(), null);
    this.faults.arm();
  }

  // ---- what tests read ----------------------------------------------------------------------

  get received(): readonly ReceivedMessage[] {
    return this.receivedLog.all;
  }
  get sent(): readonly SentEvent[] {
    return this.sentLog.all;
  }
  get conversation(): readonly ConversationItemRecord[] {
    return this.log.items;
  }
  /** The effective session configuration (as last reported in session.created/updated). */
  get config(): Readonly<JsonObject> {
    return this.configValue;
  }
  get closed(): boolean {
    return this.closedValue;
  }
  get closeCode(): number | undefined {
    return this.closeCodeValue;
  }
  /** Caller audio received so far (the session's input timeline), in ms. */
  get receivedAudioMs(): number {
    return this.inputAudioMs;
  }
  get unknownEventCount(): number {
    return this.unknownEvents;
  }
  get droppedRecords(): number {
    return this.receivedLog.dropped + this.sentLog.dropped;
  }

  /** Resolves with the first sent event (already sent or future) of `type` that matches. */
  waitForEvent(
    type: string,
    predicate: (event: Record<string, unknown>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<SentEvent> {
    return this.sentLog.waitFor(
      (e) => e.type === type && predicate(e.event),
      `a ${type} event`,
      timeoutMs,
      () => this.closedValue,
    );
  }

  /** Re-arms the timed faults after the plan changed at run time. */
  faultsChanged(): void {
    if (!this.closedValue) this.faults.arm();
  }

  /** Closes the socket: 1006 drops the connection without a close frame. */
  close(code = 1000, reason = ""): void {
    if (this.closedValue) return;
    if (code === 1006) this.socket.terminate();
    else this.socket.close(code, reason);
  }

  // ---- transport ------------------------------------------------------------------------------

  private send(event: JsonObject): void {
    if (this.closedValue || this.socket.readyState !== SOCKET_OPEN) return;
    const stamped = { event_id: this.settings.ids("event"), ...event };
    this.socket.send(JSON.stringify(stamped));
    this.sentLog.push({
      sessionId: this.id,
      sentAtMs: this.settings.clock.now(),
      type: String(event.type),
      event: stamped,
    });
  }

  private sendError(error: ServiceError, causeEventId: string | null): void {
    this.send(errorEvent(error, causeEventId));
  }

  private onClosed(code: number): void {
    if (this.closedValue) return;
    this.closedValue = true;
    this.closeCodeValue = code;
    this.response?.abort();
    this.response = undefined;
    this.faults.disarm();
    if (this.pendingTranscription) this.settings.timers.clearTimeout(this.pendingTranscription.timer);
    this.pendingTranscription = undefined;
    this.sentLog.notify();
  }

  private onMessage(data: unknown, isBinary: boolean): void {
    const receivedAtMs = this.settings.clock.now();
    const message = isBinary ? undefined : parseJson(data);
    if (!isObject(message)) {
      this.receivedLog.push({
        sessionId: this.id,
        receivedAtMs,
        message: undefined,
        type: undefined,
        invalid: "not a JSON object",
      });
      this.sendError(errors.invalidJson(), null);
      return;
    }
    const type = typeof message.type === "string" ? message.type : "";
    this.receivedLog.push({ sessionId: this.id, receivedAtMs, message, type });
    const eventId = typeof message.event_id === "string" ? message.event_id : null;
    const error = this.dispatch(type, message);
    if (error) this.sendError(error, eventId);
  }

  /** Handles one client event; returns the error to answer with, if any. */
  private dispatch(type: string, message: JsonObject): ServiceError | undefined {
    switch (type) {
      case "session.update":
        return this.onSessionUpdate(message);
      case "input_audio_buffer.append":
        return this.onAppend(message);
      case "input_audio_buffer.commit":
        return this.onCommit();
      case "input_audio_buffer.clear":
        return this.onClear();
      case "conversation.item.create":
        return this.onItemCreate(message);
      case "conversation.item.retrieve":
        return this.onItemRetrieve(message);
      case "conversation.item.truncate":
        return this.onTruncate(message);
      case "conversation.item.delete":
        return this.onItemDelete(message);
      case "response.create":
        return this.onResponseCreate(message);
      case "response.cancel":
        if (!this.response?.active) return errors.responseCancelNotActive();
        this.response.cancel("client_cancelled");
        return undefined;
      default:
        this.unknownEvents++;
        return errors.unknownEventType(type);
    }
  }

  // ---- session configuration -----------------------------------------------------------------

  private onSessionUpdate(message: JsonObject): ServiceError | undefined {
    const result = applySessionUpdate(this.configValue, message.session, this.identity.apiVersion);
    if (!result.ok) return { type: "invalid_request_error", code: "invalid_request_error", ...result.error };
    this.configValue = result.config;
    this.vad.configure(vadSettingsOf(this.turnDetection() ?? {}));
    this.send({ type: "session.updated", session: sessionOnWire(this.configValue) });
    return undefined;
  }

  private turnDetection(): JsonObject | undefined {
    const td = this.configValue.turn_detection;
    return isObject(td) ? td : undefined;
  }

  private audioModality(): boolean {
    const modalities = this.configValue.modalities;
    return Array.isArray(modalities) && modalities.includes("audio");
  }

  // ---- input audio and turn detection --------------------------------------------------------

  private onAppend(message: JsonObject): ServiceError | undefined {
    if (typeof message.audio !== "string") return errors.missingField("audio");
    if (!isEmulatedAudioFormat(this.configValue.input_audio_format))
      return errors.audioFormatNotEmulated("session.input_audio_format");
    const rate = Number(this.configValue.input_audio_sampling_rate);
    const samples = decodeInputAudio(message.audio);
    const startMs = this.inputAudioMs;
    const durationMs = (samples.length * 1000) / rate;
    this.inputAudioMs += durationMs;
    this.bufferedMs += durationMs;
    if (!this.turnDetection()) return undefined;
    for (const event of this.vad.process(samples, rate, startMs)) {
      if (this.closedValue) break;
      if (event.kind === "speech-started") this.onSpeechStarted(event.audioStartMs);
      else this.onSpeechStopped(event.audioEndMs);
    }
    return undefined;
  }

  private onSpeechStarted(audioStartMs: number): void {
    const itemId = this.settings.ids("item");
    this.speech = { itemId, startMs: audioStartMs };
    this.send({ type: "input_audio_buffer.speech_started", audio_start_ms: audioStartMs, item_id: itemId });
    const td = this.turnDetection();
    if (td?.interrupt_response === false) return;
    if (td?.auto_truncate === true) this.autoTruncate();
    if (this.response?.active) this.response.cancel("turn_detected");
  }

  private onSpeechStopped(audioEndMs: number): void {
    const itemId = this.speech?.itemId ?? this.settings.ids("item");
    const spokenMs = Math.max(0, audioEndMs - (this.speech?.startMs ?? audioEndMs));
    this.speech = undefined;
    this.send({ type: "input_audio_buffer.speech_stopped", audio_end_ms: audioEndMs, item_id: itemId });
    this.commitCallerTurn(itemId, spokenMs);
    if (this.turnDetection()?.create_response !== false) this.answerWhenFree();
  }

  private onClear(): undefined {
    this.bufferedMs = 0;
    this.vad.reset();
    this.speech = undefined;
    this.send({ type: "input_audio_buffer.cleared" });
    return undefined;
  }

  private onCommit(): ServiceError | undefined {
    if (this.bufferedMs < MIN_COMMIT_MS) return errors.commitEmpty(this.bufferedMs);
    const itemId = this.speech?.itemId ?? this.settings.ids("item");
    this.vad.reset();
    this.speech = undefined;
    this.commitCallerTurn(itemId, this.bufferedMs);
    return undefined;
  }

  /**
   * The caller's utterance becomes a user item carrying the scenario's text for that turn. As recorded:
   * committed, conversation.item.created and conversation.item.done at once; the transcription later,
   * after the answer to it has started.
   */
  private commitCallerTurn(itemId: string, audioMs: number): void {
    const text = this.script.callerSpoke();
    this.bufferedMs = 0;
    const previous = this.log.lastItemId();
    const { record, announced } = callerAudioItem(itemId, text, audioMs, this.settings.clock.now());
    this.log.add(record);
    this.send({ type: "input_audio_buffer.committed", previous_item_id: previous, item_id: itemId });
    this.send({ type: "conversation.item.created", previous_item_id: previous, item: announced });
    this.send({ type: "conversation.item.done", previous_item_id: previous, item: announced });
    if (this.configValue.input_audio_transcription === null) return;
    this.flushTranscription();
    const timer = this.settings.timers.setTimeout(
      () => this.flushTranscription(),
      this.settings.responseLatencyMs + this.settings.chunkMs / this.settings.audioSpeed,
    );
    this.pendingTranscription = { itemId, text, timer };
  }

  /** Sends the pending caller transcription (deltas, then completed). */
  private flushTranscription(): void {
    const pending = this.pendingTranscription;
    if (!pending) return;
    this.pendingTranscription = undefined;
    this.settings.timers.clearTimeout(pending.timer);
    const { itemId, text } = pending;
    const words = text.match(/\S+\s*/g) ?? [text];
    const half = Math.ceil(words.length / 2);
    for (const delta of [words.slice(0, half).join(""), words.slice(half).join("")]) {
      if (delta) {
        this.send({
          type: "conversation.item.input_audio_transcription.delta",
          item_id: itemId,
          content_index: 0,
          delta,
        });
      }
    }
    this.send({
      type: "conversation.item.input_audio_transcription.completed",
      item_id: itemId,
      content_index: 0,
      transcript: text,
    });
  }

  /** auto_truncate: cut the reply being heard at the real-time playback position. */
  private autoTruncate(): void {
    const last = this.lastReplyAudio;
    const item = last ? this.log.find(last.itemId) : undefined;
    if (!last || !item || item.truncatedAtMs !== undefined) return;
    const playedMs = Math.round(this.settings.clock.now() - last.firstDeltaAtMs);
    if (playedMs >= item.audioMs && !this.response?.active) return; // already heard in full
    this.truncate(item.id, Math.max(0, Math.min(playedMs, Math.floor(item.audioMs))));
  }

  // ---- conversation items --------------------------------------------------------------------

  private onItemCreate(message: JsonObject): ServiceError | undefined {
    const result = itemFromClient(message.item, this.settings.ids, this.settings.clock.now());
    if (!result.ok) return result.error;
    const previous = this.log.lastItemId();
    this.log.add(result.record);
    if (result.record.type === "function_call_output" && result.record.callId) {
      this.script.functionOutput(result.record.callId);
    }
    if (result.record.type === "message" && result.record.role) {
      this.script.messageAdded(result.record.role, result.record.text ?? "");
    }
    this.send({ type: "conversation.item.created", previous_item_id: previous, item: result.record.wire });
    return undefined;
  }

  private onItemRetrieve(message: JsonObject): ServiceError | undefined {
    const itemId = typeof message.item_id === "string" ? message.item_id : "";
    const item = this.log.find(itemId);
    if (!item) return errors.itemNotFound(itemId);
    this.send({ type: "conversation.item.retrieved", item: item.wire });
    return undefined;
  }

  private onItemDelete(message: JsonObject): ServiceError | undefined {
    const itemId = typeof message.item_id === "string" ? message.item_id : "";
    const item = this.log.find(itemId);
    if (!item) return errors.itemNotFound(itemId);
    item.deleted = true;
    this.send({ type: "conversation.item.deleted", item_id: itemId });
    return undefined;
  }

  private onTruncate(message: JsonObject): ServiceError | undefined {
    if (typeof message.item_id !== "string") return errors.missingField("item_id");
    const audioEndMs = message.audio_end_ms;
    if (typeof audioEndMs !== "number" || !Number.isInteger(audioEndMs) || audioEndMs < 0) {
      return errors.missingField("audio_end_ms");
    }
    // The service refuses to truncate at 0: nothing heard means there is nothing to truncate.
    if (audioEndMs === 0) return errors.truncateAtZero();
    if (message.content_index !== undefined && message.content_index !== 0)
      return errors.truncateContentIndex();
    return this.truncate(message.item_id, audioEndMs);
  }

  private truncate(itemId: string, audioEndMs: number): ServiceError | undefined {
    const result = this.log.truncate(itemId, audioEndMs, this.audioModality());
    if (!result.ok) return result.error;
    this.send({
      type: "conversation.item.truncated",
      item_id: itemId,
      content_index: 0,
      audio_end_ms: audioEndMs,
    });
    return undefined;
  }

  // ---- responses -----------------------------------------------------------------------------

  private onResponseCreate(message: JsonObject): ServiceError | undefined {
    if (this.response?.active) return errors.activeResponse(this.response.id);
    if (!isEmulatedAudioFormat(this.configValue.output_audio_format))
      return errors.audioFormatNotEmulated("session.output_audio_format");
    const options = isObject(message.response) ? message.response : {};
    this.streamResponse(this.script.nextReply(preGeneratedText(options)), options);
    return undefined;
  }

  /** Server VAD's automatic response; with one in flight (no interruption) the turn waits for it. */
  private answerWhenFree(): void {
    if (this.response?.active) return;
    if (!isEmulatedAudioFormat(this.configValue.output_audio_format)) {
      this.sendError(errors.audioFormatNotEmulated("session.output_audio_format"), null);
      return;
    }
    this.streamResponse(this.script.nextReply());
  }

  private streamResponse(outputs: ReplyOutput[], options: JsonObject = {}): void {
    const plan = this.settings.faults();
    const rateHz = outputRateHz(this.configValue.output_audio_format);
    const modalities = Array.isArray(options.modalities) ? options.modalities : this.configValue.modalities;
    const audio = Array.isArray(modalities) && modalities.includes("audio");
    const planned: PlannedOutput[] = outputs.map((o) =>
      o.kind === "speech"
        ? {
            kind: "message",
            itemId: this.settings.ids("item"),
            text: o.text,
            audio: audio ? this.settings.synthesize(o.text, rateHz) : undefined,
          }
        : {
            kind: "function_call",
            itemId: this.settings.ids("item"),
            callId: this.settings.ids("call"),
            name: o.name,
            arguments: o.arguments,
          },
    );
    const responseNumber = ++this.responsesStarted;
    const admission = this.settings.quota?.admitResponse() ?? { ok: true };
    const input = this.inputForUsage();
    const stream = new ResponseStream(
      {
        responseId: this.settings.ids("resp"),
        outputs: planned,
        sampleRateHz: rateHz,
        encodeAudio: encodeOutputAudio,
        chunkMs: this.settings.chunkMs,
        speed: plan.deltaSpeed ?? this.settings.audioSpeed,
        latencyMs: this.settings.responseLatencyMs,
        firstAudioDelayMs: plan.firstAudioDelayMs ?? 0,
        reported: {
          conversation_id: this.conversationId,
          modalities,
          voice: options.voice ?? this.configValue.voice,
          output_audio_format: options.output_audio_format ?? this.configValue.output_audio_format ?? "pcm16",
          // Recorded: null even when the session's temperature was set.
          temperature: options.temperature ?? null,
          max_output_tokens:
            options.max_response_output_tokens ?? this.configValue.max_response_output_tokens ?? "inf",
          metadata: isObject(options.metadata) ? options.metadata : null,
        },
        obfuscation: () => this.settings.ids("obf").slice(4),
        // Recorded: gpt-realtime-2 marks its spoken answer as the final one.
        messageExtras: this.identity.model?.startsWith("gpt-realtime-2") ? { phase: "final_answer" } : {},
        failure: admission.ok ? undefined : tokenQuotaFailure(admission.retryAfterSec),
      },
      {
        timers: this.settings.timers,
        now: () => this.settings.clock.now(),
        send: (event) => {
          this.send(event);
          if (event.type === "response.created") this.faults.atResponseStart(responseNumber);
        },
        addItem: (record) => {
          const previous = this.log.lastItemId();
          this.log.add(record);
          return previous;
        },
        afterAudioDelta: (deltas) => {
          const speech = planned.find((p) => p.kind === "message");
          if (deltas === 1 && speech) {
            this.lastReplyAudio = { itemId: speech.itemId, firstDeltaAtMs: this.settings.clock.now() };
          }
          return this.faults.afterAudioDelta(responseNumber, deltas);
        },
        usage: (output) => {
          const usage = this.usage(input, output);
          this.settings.quota?.charge(usage.total_tokens);
          return usage;
        },
        finished: (_status, items) => {
          for (const item of items) {
            if (item.type === "function_call" && item.status === "completed" && item.callId) {
              this.script.functionCalled(item.callId);
            }
          }
          if (this.response === stream) this.response = undefined;
          if (this.script.hasUnansweredTurn && this.turnDetection()?.create_response !== false)
            this.answerWhenFree();
        },
      },
      audio,
    );
    this.response = stream;
    stream.start();
  }

  /** The conversation a response reads, and the part an earlier response already read (cached). */
  private inputForUsage(): {
    textChars: number;
    audioMs: number;
    cached: { textChars: number; audioMs: number };
  } {
    const now = measureConversationInput(
      String(this.configValue.instructions ?? ""),
      JSON.stringify(this.configValue.tools ?? []),
      this.log.items,
    );
    const cached = this.previousInput ?? { textChars: 0, audioMs: 0 };
    this.previousInput = now;
    return { ...now, cached };
  }

  private usage(
    input: { textChars: number; audioMs: number; cached: { textChars: number; audioMs: number } },
    output: { textChars: number; audioMs: number },
  ): Usage {
    return estimateUsage({
      inputTextChars: input.textChars,
      inputAudioMs: input.audioMs,
      cachedTextChars: input.cached.textChars,
      cachedAudioMs: input.cached.audioMs,
      outputTextChars: output.textChars,
      outputAudioMs: output.audioMs,
    });
  }
}

function preGeneratedText(options: JsonObject): string | undefined {
  const message = options.pre_generated_assistant_message;
  if (!isObject(message) || !Array.isArray(message.content)) return undefined;
  return message.content
    .filter(isObject)
    .map((c) => (typeof c.text === "string" ? c.text : ""))
    .join(" ");
}

function parseJson(data: unknown): unknown {
  let text: string | undefined;
  if (typeof data === "string") text = data;
  else if (Buffer.isBuffer(data)) text = data.toString("utf8");
  else if (Array.isArray(data)) text = Buffer.concat(data as Buffer[]).toString("utf8");
  else if (data instanceof ArrayBuffer) text = Buffer.from(data).toString("utf8");
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
