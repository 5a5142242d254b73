// One emulated Voice Live session (one WebSocket): the service's side of the protocol, written from
// the research notes and the captured payloads, not from our product's client code.

import { decodeInputAudio, encodeOutputAudio } from "./audio-codec.js";
import { type ConversationItemRecord, ConversationLog } from "./conversation-log.js";
import { EnergyVad, type VadSettings } from "./energy-vad.js";
import type { FaultPlan } from "./fault-plan.js";
import type { IdFactory } from "./ids.js";
import { BoundedLog, type ReceivedMessage, type SentEvent } from "./recording.js";
import { type PlannedOutput, ResponseStream } from "./response-stream.js";
import { DEFAULT_FALLBACK_REPLY, type Scenario, UNSCRIPTED_CALLER_TEXT } from "./scenario.js";
import { errorEvent, errors, type ServiceError } from "./server-errors.js";
import {
  applySessionUpdate,
  defaultSessionConfig,
  isObject,
  type JsonObject,
  outputRateHz,
} from "./session-config.js";
import type { Clock, Timers } from "./timers.js";
import { estimateUsage, type Usage } from "./token-usage.js";

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
}

export interface SessionIdentity {
  model: string | undefined;
  apiVersion: string | undefined;
  /** Query parameters of the upgrade request, credentials removed. */
  query: Record<string, string>;
  agentMode: boolean;
  agentIncomplete: boolean;
}

interface SentResponseAudio {
  itemId: string;
  firstDeltaAtMs: number;
}

export class EmulatedVoiceLiveSession {
  readonly id: string;
  readonly query: Record<string, string>;
  readonly startedAtMs: number;
  private readonly receivedLog: BoundedLog<ReceivedMessage>;
  private readonly sentLog: BoundedLog<SentEvent>;
  private readonly log = new ConversationLog();
  private configValue: JsonObject;
  private readonly vad: EnergyVad;
  private inputAudioMs = 0;
  private bufferedMs = 0;
  private speechItemId: string | undefined;
  private speechStartMs = 0;
  private callerTurns = 0;
  private pendingTurn: number | undefined;
  private awaitingFunction: { turn: number; callId: string } | undefined;
  private functionOutputTurn: number | undefined;
  private greetingSpoken = false;
  private response: ResponseStream | undefined;
  private responsesStarted = 0;
  private lastAudio: SentResponseAudio | undefined;
  private faultTimers: unknown[] = [];
  private closeMidResponseFired = false;
  private closedValue = false;
  private closeCodeValue: number | undefined;
  private unknownEvents = 0;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly socket: SessionSocket,
    private readonly identity: SessionIdentity,
    private readonly settings: SessionSettings,
  ) {
    this.id = settings.ids("sess");
    this.query = identity.query;
    this.startedAtMs = settings.clock.now();
    this.receivedLog = new BoundedLog(settings.maxRecorded);
    this.sentLog = new BoundedLog(settings.maxRecorded);
    this.configValue = defaultSessionConfig({
      id: this.id,
      model: identity.model,
      expiresAtSec: Math.floor((this.startedAtMs + this.lifetimeMs()) / 1000),
      apiVersion: identity.apiVersion,
    });
    this.vad = new EnergyVad(this.vadSettings());
    socket.on("message", (data, isBinary) => this.onMessage(data, isBinary));
    socket.on("close", (code) => this.onClosed(code));
    socket.on("error", () => this.onClosed(1006));
    this.send({ type: "session.created", session: this.configValue });
    if (identity.agentIncomplete) this.sendError(errors.agentMissingParams(), null);
    this.armTimedFaults();
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
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.sentLog.all.find((e) => e.type === type && predicate(e.event));
        if (found) {
          cleanup();
          resolve(found);
          return true;
        }
        if (this.closedValue) {
          cleanup();
          reject(new Error(`session closed before a ${type} event was sent`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${type} event within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter = () => void check();
      if (!check()) this.waiters.add(waiter);
    });
  }

  /** Re-arms the timed faults after the plan changed at run time. */
  faultsChanged(): void {
    this.closeMidResponseFired = false;
    this.armTimedFaults();
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
    const withId = { event_id: this.settings.ids("event"), ...event };
    const type = String(event.type);
    this.sentLog.push({ sessionId: this.id, sentAtMs: this.settings.clock.now(), type, event: withId });
    this.socket.send(JSON.stringify(withId));
    for (const waiter of [...this.waiters]) waiter();
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
    this.clearFaultTimers();
    for (const waiter of [...this.waiters]) waiter();
  }

  private onMessage(data: unknown, isBinary: boolean): void {
    const now = this.settings.clock.now();
    const text = isBinary ? undefined : bufferText(data);
    let message: unknown;
    try {
      message = text === undefined ? undefined : JSON.parse(text);
    } catch {
      message = undefined;
    }
    if (!isObject(message)) {
      this.receivedLog.push({
        sessionId: this.id,
        receivedAtMs: now,
        message: undefined,
        type: undefined,
        invalid: "not a JSON object",
      });
      this.sendError(errors.invalidJson(), null);
      return;
    }
    const type = typeof message.type === "string" ? message.type : undefined;
    this.receivedLog.push({ sessionId: this.id, receivedAtMs: now, message, type });
    const eventId = typeof message.event_id === "string" ? message.event_id : null;
    this.dispatch(type ?? "", message, eventId);
  }

  private dispatch(type: string, message: JsonObject, eventId: string | null): void {
    switch (type) {
      case "session.update":
        this.onSessionUpdate(message, eventId);
        break;
      case "input_audio_buffer.append":
        this.onAppend(message, eventId);
        break;
      case "input_audio_buffer.commit":
        this.onCommit(eventId);
        break;
      case "input_audio_buffer.clear":
        this.onClear();
        break;
      case "conversation.item.create":
        this.onItemCreate(message, eventId);
        break;
      case "conversation.item.retrieve":
        this.onItemRetrieve(message, eventId);
        break;
      case "conversation.item.truncate":
        this.onTruncate(message, eventId);
        break;
      case "conversation.item.delete":
        this.onItemDelete(message, eventId);
        break;
      case "response.create":
        this.onResponseCreate(message, eventId);
        break;
      case "response.cancel":
        if (this.response?.active) this.response.cancel("client_cancelled");
        else this.sendError(errors.responseCancelNotActive(), eventId);
        break;
      default:
        this.unknownEvents++;
        this.sendError(errors.unknownEventType(type), eventId);
    }
  }

  // ---- session configuration -----------------------------------------------------------------

  private onSessionUpdate(message: JsonObject, eventId: string | null): void {
    const result = applySessionUpdate(this.configValue, message.session, this.identity.apiVersion);
    if (!result.ok) {
      this.sendError(
        { type: "invalid_request_error", code: "invalid_request_error", ...result.error },
        eventId,
      );
      return;
    }
    this.configValue = result.config;
    this.vad.configure(this.vadSettings());
    this.send({ type: "session.updated", session: this.configValue });
  }

  private turnDetection(): JsonObject | undefined {
    const td = this.configValue.turn_detection;
    return isObject(td) ? td : undefined;
  }

  private vadSettings(): VadSettings {
    const td = this.turnDetection() ?? {};
    const num = (v: unknown, fallback: number) => (typeof v === "number" ? v : fallback);
    const semantic = String(td.type ?? "").startsWith("azure_semantic");
    return {
      threshold: num(td.threshold, 0.5),
      prefixPaddingMs: num(td.prefix_padding_ms, 300),
      silenceDurationMs: num(td.silence_duration_ms, 500),
      speechDurationMs: num(td.speech_duration_ms, semantic ? 80 : 200),
    };
  }

  private lifetimeMs(): number {
    return this.settings.faults().sessionExpiresAfterMs ?? this.settings.sessionLifetimeMs;
  }

  // ---- input audio and turn detection --------------------------------------------------------

  private onAppend(message: JsonObject, eventId: string | null): void {
    if (typeof message.audio !== "string") {
      this.sendError(errors.missingField("audio"), eventId);
      return;
    }
    const rate = Number(this.configValue.input_audio_sampling_rate);
    const samples = decodeInputAudio(message.audio, this.configValue.input_audio_format);
    const startMs = this.inputAudioMs;
    const durationMs = (samples.length * 1000) / rate;
    this.inputAudioMs += durationMs;
    this.bufferedMs += durationMs;
    if (!this.turnDetection()) return;
    for (const event of this.vad.process(samples, rate, startMs)) {
      if (event.kind === "speech-started") this.onSpeechStarted(event.audioStartMs);
      else this.onSpeechStopped(event.audioEndMs);
      if (this.closedValue) return;
    }
  }

  private onSpeechStarted(audioStartMs: number): void {
    this.speechItemId = this.settings.ids("item");
    this.speechStartMs = audioStartMs;
    this.send({
      type: "input_audio_buffer.speech_started",
      audio_start_ms: audioStartMs,
      item_id: this.speechItemId,
    });
    const td = this.turnDetection();
    if (td?.interrupt_response === false) return;
    if (td?.auto_truncate === true) this.autoTruncate();
    if (this.response?.active) this.response.cancel("turn_detected");
  }

  private onSpeechStopped(audioEndMs: number): void {
    const itemId = this.speechItemId ?? this.settings.ids("item");
    this.send({ type: "input_audio_buffer.speech_stopped", audio_end_ms: audioEndMs, item_id: itemId });
    this.commitCallerTurn(itemId, Math.max(0, audioEndMs - this.speechStartMs));
    this.speechItemId = undefined;
    if (this.turnDetection()?.create_response !== false) this.maybeStartResponse(null);
  }

  private onClear(): void {
    this.bufferedMs = 0;
    this.vad.reset();
    this.speechItemId = undefined;
    this.send({ type: "input_audio_buffer.cleared" });
  }

  private onCommit(eventId: string | null): void {
    if (this.bufferedMs < 100) {
      this.sendError(errors.commitEmpty(this.bufferedMs), eventId);
      return;
    }
    const itemId = this.speechItemId ?? this.settings.ids("item");
    this.vad.reset();
    this.speechItemId = undefined;
    this.commitCallerTurn(itemId, this.bufferedMs);
  }

  /** The caller's utterance becomes a user item carrying the scenario's text for that turn. */
  private commitCallerTurn(itemId: string, audioMs: number): void {
    const turnIndex = this.callerTurns++;
    const text = this.settings.scenario.turns[turnIndex]?.caller ?? UNSCRIPTED_CALLER_TEXT;
    this.pendingTurn = turnIndex;
    this.bufferedMs = 0;
    const previous = this.log.lastItemId();
    this.send({ type: "input_audio_buffer.committed", previous_item_id: previous, item_id: itemId });
    const wire: JsonObject = {
      id: itemId,
      object: "realtime.item",
      type: "message",
      status: "completed",
      role: "user",
      content: [{ type: "input_audio", audio: null, transcript: null }],
    };
    this.log.add({
      id: itemId,
      type: "message",
      role: "user",
      text,
      fullText: text,
      audioMs,
      truncatedAtMs: undefined,
      deleted: false,
      status: "completed",
      responseId: undefined,
      createdAtMs: this.settings.clock.now(),
      wire: { ...wire, content: [{ type: "input_audio", audio: null, transcript: text }] },
    });
    this.send({ type: "conversation.item.created", previous_item_id: previous, item: wire });
    if (this.configValue.input_audio_transcription !== null) {
      const words = text.match(/\S+\s*/g) ?? [text];
      const half = Math.ceil(words.length / 2);
      for (const piece of [words.slice(0, half).join(""), words.slice(half).join("")]) {
        if (piece) {
          this.send({
            type: "conversation.item.input_audio_transcription.delta",
            item_id: itemId,
            content_index: 0,
            delta: piece,
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
  }

  /** auto_truncate: the service assumes real-time playback from the first audio delta. */
  private autoTruncate(): void {
    const last = this.lastAudio;
    if (!last) return;
    const item = this.log.find(last.itemId);
    if (!item || item.truncatedAtMs !== undefined) return;
    const playedMs = Math.round(this.settings.clock.now() - last.firstDeltaAtMs);
    if (playedMs >= item.audioMs && !this.response?.active) return;
    this.truncateItem(item, Math.max(0, Math.min(playedMs, Math.floor(item.audioMs))));
  }

  // ---- conversation items --------------------------------------------------------------------

  private onItemCreate(message: JsonObject, eventId: string | null): void {
    const item = message.item;
    if (!isObject(item)) {
      this.sendError(errors.missingField("item"), eventId);
      return;
    }
    const type = item.type;
    const id = typeof item.id === "string" && item.id ? item.id : this.settings.ids("item");
    const previous = this.log.lastItemId();
    let record: ConversationItemRecord;
    const base = {
      id,
      audioMs: 0,
      truncatedAtMs: undefined,
      deleted: false,
      status: "completed" as const,
      responseId: undefined,
      createdAtMs: this.settings.clock.now(),
    };
    if (type === "message") {
      const role = item.role;
      if (role !== "user" && role !== "system" && role !== "assistant") {
        this.sendError(
          {
            type: "invalid_request_error",
            code: "invalid_value",
            message: "Invalid value for 'item.role'.",
            param: "item.role",
          },
          eventId,
        );
        return;
      }
      const content = Array.isArray(item.content) ? item.content.filter(isObject) : [];
      const text = content
        .map((c) =>
          typeof c.text === "string" ? c.text : typeof c.transcript === "string" ? c.transcript : "",
        )
        .join(" ");
      const wire: JsonObject = {
        id,
        object: "realtime.item",
        type: "message",
        status: "completed",
        role,
        content,
      };
      record = { ...base, type: "message", role, text, fullText: text, wire };
    } else if (type === "function_call_output") {
      if (typeof item.call_id !== "string") {
        this.sendError(errors.missingField("item.call_id"), eventId);
        return;
      }
      const output = typeof item.output === "string" ? item.output : JSON.stringify(item.output ?? "");
      const wire: JsonObject = {
        id,
        object: "realtime.item",
        type,
        status: "completed",
        call_id: item.call_id,
        output,
      };
      record = { ...base, type, role: undefined, text: "", fullText: "", callId: item.call_id, output, wire };
      if (this.awaitingFunction?.callId === item.call_id) {
        this.functionOutputTurn = this.awaitingFunction.turn;
        this.awaitingFunction = undefined;
      }
    } else if (type === "function_call") {
      const name = typeof item.name === "string" ? item.name : "";
      const callId = typeof item.call_id === "string" ? item.call_id : this.settings.ids("call");
      const args = typeof item.arguments === "string" ? item.arguments : "{}";
      const wire: JsonObject = {
        id,
        object: "realtime.item",
        type,
        status: "completed",
        name,
        call_id: callId,
        arguments: args,
      };
      record = {
        ...base,
        type,
        role: undefined,
        text: "",
        fullText: "",
        name,
        callId,
        arguments: args,
        wire,
      };
    } else {
      this.sendError(
        {
          type: "invalid_request_error",
          code: "invalid_value",
          message: "Invalid value for 'item.type'.",
          param: "item.type",
        },
        eventId,
      );
      return;
    }
    this.log.add(record);
    this.send({ type: "conversation.item.created", previous_item_id: previous, item: record.wire });
  }

  private onItemRetrieve(message: JsonObject, eventId: string | null): void {
    const itemId = typeof message.item_id === "string" ? message.item_id : "";
    const item = this.log.find(itemId);
    if (!item) {
      this.sendError(errors.itemNotFound(itemId), eventId);
      return;
    }
    this.send({ type: "conversation.item.retrieved", item: item.wire });
  }

  private onItemDelete(message: JsonObject, eventId: string | null): void {
    const itemId = typeof message.item_id === "string" ? message.item_id : "";
    const item = this.log.find(itemId);
    if (!item) {
      this.sendError(errors.itemNotFound(itemId), eventId);
      return;
    }
    item.deleted = true;
    this.send({ type: "conversation.item.deleted", item_id: itemId });
  }

  private onTruncate(message: JsonObject, eventId: string | null): void {
    const itemId = typeof message.item_id === "string" ? message.item_id : undefined;
    if (itemId === undefined) {
      this.sendError(errors.missingField("item_id"), eventId);
      return;
    }
    const audioEndMs = message.audio_end_ms;
    if (typeof audioEndMs !== "number" || !Number.isInteger(audioEndMs) || audioEndMs < 0) {
      this.sendError(errors.missingField("audio_end_ms"), eventId);
      return;
    }
    if (message.content_index !== undefined && message.content_index !== 0) {
      this.sendError(errors.truncateContentIndex(), eventId);
      return;
    }
    const item = this.log.find(itemId);
    if (!item) {
      this.sendError(errors.itemNotFound(itemId), eventId);
      return;
    }
    if (item.type !== "message" || item.role !== "assistant") {
      this.sendError(errors.truncateNotAssistant(), eventId);
      return;
    }
    if (audioEndMs > Math.floor(item.audioMs)) {
      this.sendError(errors.truncateBeyondAudio(audioEndMs, item.audioMs), eventId);
      return;
    }
    this.truncateItem(item, audioEndMs);
  }

  private truncateItem(item: ConversationItemRecord, audioEndMs: number): void {
    item.text = ConversationLog.heardText(item.fullText, audioEndMs, item.audioMs);
    item.audioMs = audioEndMs;
    item.truncatedAtMs = audioEndMs;
    const content = this.audioModality()
      ? { type: "audio", transcript: item.text }
      : { type: "text", text: item.text };
    item.wire = { ...item.wire, content: [content] };
    this.send({
      type: "conversation.item.truncated",
      item_id: item.id,
      content_index: 0,
      audio_end_ms: audioEndMs,
    });
  }

  // ---- responses -----------------------------------------------------------------------------

  private onResponseCreate(message: JsonObject, eventId: string | null): void {
    if (this.response?.active) {
      this.sendError(errors.activeResponse(this.response.id), eventId);
      return;
    }
    const options = isObject(message.response) ? message.response : {};
    this.startResponse(options);
  }

  private maybeStartResponse(_eventId: string | null): void {
    // With a response in flight (interrupt_response false), the turn waits for it to finish.
    if (this.response?.active) return;
    this.startResponse({});
  }

  private audioModality(): boolean {
    const modalities = this.configValue.modalities;
    return Array.isArray(modalities) && modalities.includes("audio");
  }

  /** Decides what the model says now (see scenario.ts) and streams it. */
  private startResponse(options: JsonObject): void {
    const scenario = this.settings.scenario;
    const outputs: Array<{ text: string } | { call: { name: string; arguments: string } }> = [];
    const preGenerated = options.pre_generated_assistant_message;
    if (isObject(preGenerated) && Array.isArray(preGenerated.content)) {
      const text = preGenerated.content
        .filter(isObject)
        .map((c) => (typeof c.text === "string" ? c.text : ""))
        .join(" ");
      outputs.push({ text });
    } else if (this.functionOutputTurn !== undefined) {
      const turn = scenario.turns[this.functionOutputTurn];
      this.functionOutputTurn = undefined;
      if (turn?.replyAfterFunction) outputs.push({ text: turn.replyAfterFunction });
    } else if (this.pendingTurn !== undefined) {
      const turnIndex = this.pendingTurn;
      const turn = scenario.turns[turnIndex];
      this.pendingTurn = undefined;
      const reply = turn ? turn.reply : (scenario.fallbackReply ?? DEFAULT_FALLBACK_REPLY);
      if (reply) outputs.push({ text: reply });
      if (turn?.functionCall) {
        outputs.push({
          call: { name: turn.functionCall.name, arguments: JSON.stringify(turn.functionCall.arguments) },
        });
      }
    } else if (!this.greetingSpoken && this.callerTurns === 0 && scenario.greeting) {
      this.greetingSpoken = true;
      outputs.push({ text: scenario.greeting });
    } else {
      outputs.push({ text: scenario.fallbackReply ?? DEFAULT_FALLBACK_REPLY });
    }
    this.streamResponse(outputs);
  }

  private streamResponse(
    outputs: Array<{ text: string } | { call: { name: string; arguments: string } }>,
  ): void {
    const faults = this.settings.faults();
    const rate = outputRateHz(this.configValue.output_audio_format);
    const audio = this.audioModality();
    const planned: PlannedOutput[] = outputs.map((o) =>
      "text" in o
        ? {
            kind: "message",
            itemId: this.settings.ids("item"),
            text: o.text,
            audio: audio ? this.settings.synthesize(o.text, rate) : undefined,
          }
        : {
            kind: "function_call",
            itemId: this.settings.ids("item"),
            callId: this.settings.ids("call"),
            name: o.call.name,
            arguments: o.call.arguments,
          },
    );
    const responseNumber = ++this.responsesStarted;
    const format = this.configValue.output_audio_format;
    const inputSnapshot = this.usageInputs();
    let firstDelta = true;
    const stream = new ResponseStream(
      {
        responseId: this.settings.ids("resp"),
        outputs: planned,
        sampleRateHz: rate,
        encodeAudio: (samples) => encodeOutputAudio(samples, format),
        chunkMs: this.settings.chunkMs,
        speed: faults.deltaSpeed ?? this.settings.audioSpeed,
        latencyMs: this.settings.responseLatencyMs,
        firstAudioDelayMs: faults.firstAudioDelayMs ?? 0,
      },
      {
        timers: this.settings.timers,
        now: () => this.settings.clock.now(),
        send: (event) => {
          this.send(event);
          if (event.type === "response.created") this.maybeErrorAtResponse(responseNumber);
        },
        addItem: (record) => {
          const previous = this.log.lastItemId();
          this.log.add(record);
          return previous;
        },
        afterAudioDelta: (deltas) => {
          if (firstDelta) {
            firstDelta = false;
            const item = planned.find((p) => p.kind === "message");
            if (item) this.lastAudio = { itemId: item.itemId, firstDeltaAtMs: this.settings.clock.now() };
          }
          return this.checkCloseMidResponse(responseNumber, deltas);
        },
        usage: (output) => this.usage(inputSnapshot, output),
        finished: (_status, items) => {
          for (const item of items) {
            if (item.type === "function_call" && item.status === "completed" && item.callId) {
              const turn = this.callerTurnForFunction();
              if (turn !== undefined) this.awaitingFunction = { turn, callId: item.callId };
            }
          }
          if (this.response === stream) this.response = undefined;
          if (this.pendingTurn !== undefined && this.turnDetection()?.create_response !== false) {
            this.maybeStartResponse(null);
          }
        },
      },
      audio,
    );
    this.response = stream;
    stream.start();
  }

  /** The caller turn whose reply carried the function call just completed. */
  private callerTurnForFunction(): number | undefined {
    return this.callerTurns > 0 ? this.callerTurns - 1 : undefined;
  }

  private usageInputs(): {
    textChars: number;
    audioMs: number;
    cachedTextChars: number;
    cachedAudioMs: number;
  } {
    let textChars =
      String(this.configValue.instructions ?? "").length +
      JSON.stringify(this.configValue.tools ?? []).length;
    let audioMs = 0;
    for (const item of this.log.items) {
      if (item.deleted) continue;
      textChars +=
        item.role === "user" && item.audioMs > 0
          ? 0
          : item.text.length + (item.arguments?.length ?? 0) + (item.output?.length ?? 0);
      if (item.role === "user") audioMs += item.audioMs;
    }
    const previous = this.lastUsageInput;
    this.lastUsageInput = { textChars, audioMs };
    return {
      textChars,
      audioMs,
      cachedTextChars: previous?.textChars ?? 0,
      cachedAudioMs: previous?.audioMs ?? 0,
    };
  }
  private lastUsageInput: { textChars: number; audioMs: number } | undefined;

  private usage(
    input: { textChars: number; audioMs: number; cachedTextChars: number; cachedAudioMs: number },
    output: { textChars: number; audioMs: number },
  ): Usage {
    return estimateUsage({
      inputTextChars: input.textChars,
      inputAudioMs: input.audioMs,
      cachedTextChars: input.cachedTextChars,
      cachedAudioMs: input.cachedAudioMs,
      outputTextChars: output.textChars,
      outputAudioMs: output.audioMs,
    });
  }

  // ---- faults --------------------------------------------------------------------------------

  private armTimedFaults(): void {
    this.clearFaultTimers();
    const faults = this.settings.faults();
    const { timers } = this.settings;
    const later = (delayMs: number, action: () => void) => {
      this.faultTimers.push(timers.setTimeout(action, Math.max(0, delayMs)));
    };
    if (faults.closeAfterMs !== undefined)
      later(faults.closeAfterMs, () => this.faultClose(faults.closeCode));
    if (faults.errorEvent?.afterMs !== undefined) later(faults.errorEvent.afterMs, () => this.faultError());
    const lifetime = this.lifetimeMs();
    later(faults.sessionExpiresAfterMs ?? lifetime - (this.settings.clock.now() - this.startedAtMs), () => {
      this.sendError(errors.sessionExpired(Math.max(1, Math.round(lifetime / 60_000))), null);
      this.close(1001, "session_expired");
    });
  }

  private clearFaultTimers(): void {
    for (const timer of this.faultTimers) this.settings.timers.clearTimeout(timer);
    this.faultTimers = [];
  }

  private faultClose(code: number | undefined): void {
    if (code === 1011) this.close(1011, "Internal server error");
    else this.close(1006);
  }

  private faultError(): void {
    const spec = this.settings.faults().errorEvent;
    this.sendError(
      {
        type: spec?.type === "invalid_request_error" ? "invalid_request_error" : "server_error",
        code: spec?.code ?? "server_error",
        message: spec?.message ?? "The server had an error while processing your request.",
        param: null,
      },
      null,
    );
  }

  private maybeErrorAtResponse(responseNumber: number): void {
    if (this.settings.faults().errorEvent?.atResponse === responseNumber) this.faultError();
  }

  private checkCloseMidResponse(responseNumber: number, deltas: number): boolean {
    const faults = this.settings.faults();
    const plan = faults.closeMidResponse;
    if (!plan || this.closeMidResponseFired) return !this.closedValue;
    if (plan.atResponse !== undefined && plan.atResponse !== responseNumber) return true;
    if (deltas < plan.afterAudioDeltas) return true;
    this.closeMidResponseFired = true;
    this.faultClose(faults.closeCode);
    return false;
  }
}

function bufferText(data: unknown): string | undefined {
  if (typeof data === "string") return data;
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return undefined;
}
