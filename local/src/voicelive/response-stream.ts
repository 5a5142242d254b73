// One response of the emulated model, streamed as the real service does (shapes and order copied from
// live recordings, fixtures/voicelive/real): response.created (usage null), then per output item
// output_item.added + conversation.item.created, the content part, audio deltas faster than real time
// with the transcript deltas interleaved, the *.done events and response.done with a complete usage
// object. Cancellation (barge-in or response.cancel) closes whatever is open with the
// same events, marks the item incomplete and finishes with status "cancelled".

import type { ConversationItemRecord } from "./conversation-log.js";
import type { JsonObject } from "./session-config.js";
import type { Timers } from "./timers.js";
import type { Usage } from "./token-usage.js";

export type PlannedOutput =
  | { kind: "message"; itemId: string; text: string; audio: Int16Array | undefined }
  | { kind: "function_call"; itemId: string; callId: string; name: string; arguments: string };

export interface ResponsePlan {
  responseId: string;
  outputs: PlannedOutput[];
  /** Output audio rate (samples of `audio` are at this rate). */
  sampleRateHz: number;
  /** Encodes PCM16 samples into the session's output format, base64. */
  encodeAudio(samples: Int16Array): string;
  /** Audio duration of each delta. */
  chunkMs: number;
  /** Audio produced per wall-clock ms (4 = four times faster than real time). */
  speed: number;
  /** Wait before the first output (model latency), and extra wait before the first audio delta. */
  latencyMs: number;
  firstAudioDelayMs: number;
  /** The response's settings as reported (conversation_id, modalities, voice, formats, metadata). */
  reported: JsonObject;
  /** Random text of the `obfuscation` field the service adds to argument deltas. */
  obfuscation(): string;
  /** Fields the model adds to its assistant messages (gpt-realtime-2: `phase`). */
  messageExtras: JsonObject;
  /** The response fails at once with these status_details (e.g. the token quota is spent). */
  failure?: JsonObject | undefined;
}

type ResponseStatus = "completed" | "cancelled" | "failed";

export interface ResponseHost {
  timers: Timers;
  send(event: JsonObject): void;
  /** Registers the item in the conversation; returns the previous item's id. */
  addItem(record: ConversationItemRecord): string | null;
  /** Called after every audio delta; returning false stops the stream silently (socket gone). */
  afterAudioDelta(deltasSoFar: number): boolean;
  usage(output: { textChars: number; audioMs: number }): Usage;
  finished(status: ResponseStatus, items: ConversationItemRecord[]): void;
  now(): number;
}

interface OpenOutput {
  planned: PlannedOutput;
  index: number;
  record: ConversationItemRecord;
  partOpen: boolean;
  textSent: string;
  audioSamplesSent: number;
}

export class ResponseStream {
  private readonly steps: Generator<number, void, void>;
  private timer: unknown;
  private open: OpenOutput | undefined;
  private readonly items: ConversationItemRecord[] = [];
  private audioDeltas = 0;
  private audioMsTotal = 0;
  private textCharsTotal = 0;
  private state: "pending" | "running" | "done" = "pending";

  constructor(
    private readonly plan: ResponsePlan,
    private readonly host: ResponseHost,
    private readonly audioModality: boolean,
  ) {
    this.steps = this.script();
  }

  get id(): string {
    return this.plan.responseId;
  }

  get active(): boolean {
    return this.state !== "done";
  }

  start(): void {
    this.state = "running";
    this.advance();
  }

  /** Ends the response now with status "cancelled" ("turn_detected" or "client_cancelled"). */
  cancel(reason: "turn_detected" | "client_cancelled"): void {
    if (this.state === "done") return;
    this.stopTimer();
    const open = this.open;
    if (open) this.closeOutput(open, "incomplete");
    this.finish("cancelled", { type: "cancelled", reason });
  }

  /** Stops without sending anything (the socket is gone). */
  abort(): void {
    this.stopTimer();
    this.state = "done";
  }

  private stopTimer(): void {
    if (this.timer !== undefined) this.host.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private advance = (): void => {
    this.timer = undefined;
    if (this.state === "done") return;
    const next = this.steps.next();
    if (next.done) return;
    this.timer = this.host.timers.setTimeout(this.advance, next.value);
  };

  private *script(): Generator<number, void, void> {
    const { plan, host } = this;
    host.send({
      type: "response.created",
      response: this.responseObject("in_progress", null, [], null),
    });
    if (plan.latencyMs > 0) yield plan.latencyMs;
    if (plan.failure) {
      this.finish("failed", plan.failure);
      return;
    }
    for (const [index, planned] of plan.outputs.entries()) {
      if (!this.active) return;
      const open = this.openOutput(planned, index);
      if (planned.kind === "function_call") {
        for (const piece of splitArguments(planned.arguments)) {
          yield Math.max(1, plan.chunkMs / plan.speed / 2);
          open.textSent += piece;
          host.send({
            type: "response.function_call_arguments.delta",
            response_id: plan.responseId,
            item_id: planned.itemId,
            output_index: index,
            call_id: planned.callId,
            delta: piece,
            obfuscation: plan.obfuscation(),
          });
        }
        host.send({
          type: "response.function_call_arguments.done",
          response_id: plan.responseId,
          item_id: planned.itemId,
          output_index: index,
          call_id: planned.callId,
          arguments: planned.arguments,
          // Not in the doc example, but in the service's event model (SDK 1.1.0 reads it).
          name: planned.name,
        });
        this.closeOutput(open, "completed");
        continue;
      }
      yield* this.streamMessage(open, planned);
      if (!this.active) return;
      this.closeOutput(open, "completed");
    }
    this.finish("completed", null);
  }

  private *streamMessage(
    open: OpenOutput,
    planned: Extract<PlannedOutput, { kind: "message" }>,
  ): Generator<number, void, void> {
    const { plan, host } = this;
    const words = planned.text.match(/\S+\s*/g) ?? [];
    const base = {
      response_id: plan.responseId,
      item_id: planned.itemId,
      output_index: open.index,
      content_index: 0,
    };
    if (!this.audioModality || !planned.audio) {
      for (const word of words) {
        yield Math.max(1, plan.chunkMs / plan.speed / 4);
        open.textSent += word;
        host.send({ type: "response.text.delta", ...base, delta: word });
      }
      host.send({ type: "response.text.done", ...base, text: planned.text });
      return;
    }
    const audio = planned.audio;
    const chunkSamples = Math.max(1, Math.round((plan.sampleRateHz * plan.chunkMs) / 1000));
    const chunks = Math.max(1, Math.ceil(audio.length / chunkSamples));
    let wordIndex = 0;
    if (plan.firstAudioDelayMs > 0 && this.audioDeltas === 0) yield plan.firstAudioDelayMs;
    for (let c = 0; c < chunks; c++) {
      if (c > 0) yield plan.chunkMs / plan.speed;
      const samples = audio.subarray(c * chunkSamples, Math.min(audio.length, (c + 1) * chunkSamples));
      host.send({ type: "response.audio.delta", ...base, delta: plan.encodeAudio(samples) });
      open.audioSamplesSent += samples.length;
      open.record.audioMs = (open.audioSamplesSent * 1000) / plan.sampleRateHz;
      this.audioDeltas++;
      if (!host.afterAudioDelta(this.audioDeltas)) {
        this.abort();
        return;
      }
      // Transcript runs alongside the audio: the words whose share of the text has been reached.
      const reachedChars = (planned.text.length * (c + 1)) / chunks;
      let delta = "";
      while (wordIndex < words.length && open.textSent.length + delta.length < reachedChars) {
        delta += words[wordIndex++];
      }
      if (delta) {
        open.textSent += delta;
        host.send({ type: "response.audio_transcript.delta", ...base, delta });
      }
    }
  }

  private openOutput(planned: PlannedOutput, index: number): OpenOutput {
    const { plan, host } = this;
    const wire: JsonObject =
      planned.kind === "message"
        ? {
            id: planned.itemId,
            object: "realtime.item",
            type: "message",
            status: "in_progress",
            role: "assistant",
            content: [],
            ...plan.messageExtras,
          }
        : {
            id: planned.itemId,
            object: "realtime.item",
            type: "function_call",
            status: "in_progress",
            name: planned.name,
            call_id: planned.callId,
            arguments: "",
          };
    const record: ConversationItemRecord = {
      id: planned.itemId,
      type: planned.kind,
      role: planned.kind === "message" ? "assistant" : undefined,
      text: "",
      fullText: planned.kind === "message" ? planned.text : "",
      audioMs: 0,
      truncatedAtMs: undefined,
      deleted: false,
      status: "in_progress",
      responseId: plan.responseId,
      createdAtMs: host.now(),
      wire,
      ...(planned.kind === "function_call"
        ? { name: planned.name, callId: planned.callId, arguments: planned.arguments }
        : {}),
    };
    host.send({
      type: "response.output_item.added",
      response_id: plan.responseId,
      output_index: index,
      item: wire,
    });
    const previous = host.addItem(record);
    host.send({ type: "conversation.item.created", previous_item_id: previous, item: wire });
    const open: OpenOutput = { planned, index, record, partOpen: false, textSent: "", audioSamplesSent: 0 };
    if (planned.kind === "message") {
      host.send({
        type: "response.content_part.added",
        response_id: plan.responseId,
        item_id: planned.itemId,
        output_index: index,
        content_index: 0,
        part: this.part(""),
      });
      open.partOpen = true;
    }
    this.open = open;
    this.items.push(record);
    return open;
  }

  private part(text: string): JsonObject {
    return this.audioModality ? { type: "audio", transcript: text } : { type: "text", text };
  }

  private closeOutput(open: OpenOutput, status: "completed" | "incomplete"): void {
    const { plan, host } = this;
    const { planned, record, index } = open;
    if (planned.kind === "message") {
      const base = {
        response_id: plan.responseId,
        item_id: planned.itemId,
        output_index: index,
        content_index: 0,
      };
      // On cancel the item keeps only what was produced before it.
      const text = status === "completed" ? planned.text : open.textSent.trimEnd();
      if (this.audioModality && planned.audio) {
        host.send({ type: "response.audio.done", ...base });
        host.send({ type: "response.audio_transcript.done", ...base, transcript: text });
      } else if (status === "incomplete") {
        host.send({ type: "response.text.done", ...base, text });
      }
      // Recorded: a text part is closed empty (its text is in text.done and output_item.done).
      host.send({
        type: "response.content_part.done",
        ...base,
        part: this.part(this.audioModality ? text : ""),
      });
      record.text = text;
      record.wire = { ...record.wire, status, content: [this.part(text)] };
      this.audioMsTotal += record.audioMs;
      this.textCharsTotal += text.length;
    } else {
      record.wire = {
        ...record.wire,
        status,
        arguments: status === "completed" ? planned.arguments : open.textSent,
      };
      this.textCharsTotal += planned.arguments.length;
    }
    record.status = status;
    host.send({
      type: "response.output_item.done",
      response_id: plan.responseId,
      output_index: index,
      item: record.wire,
    });
    this.open = undefined;
  }

  private finish(status: ResponseStatus, statusDetails: JsonObject | null): void {
    this.state = "done";
    const usage =
      status === "failed"
        ? null
        : this.host.usage({ textChars: this.textCharsTotal, audioMs: this.audioMsTotal });
    this.host.send({
      type: "response.done",
      response: this.responseObject(
        status,
        statusDetails,
        this.items.map((i) => i.wire),
        usage,
      ),
    });
    this.host.finished(status, this.items);
  }

  private responseObject(
    status: string,
    statusDetails: JsonObject | null,
    output: JsonObject[],
    usage: Usage | null,
  ): JsonObject {
    return {
      object: "realtime.response",
      id: this.plan.responseId,
      status,
      status_details: statusDetails,
      output,
      usage,
      ...this.plan.reported,
    };
  }
}

/** Arguments arrive in a few pieces, as a model streams them. */
function splitArguments(json: string): string[] {
  const pieces: string[] = [];
  const size = Math.max(8, Math.ceil(json.length / 4));
  for (let i = 0; i < json.length; i += size) pieces.push(json.slice(i, i + size));
  return pieces;
}
