// The conversation as the emulated service holds it: every item with its transcript, how much
// audio was generated for it, and what truncation / deletion did to it. Tests read it to check what
// the client made the service believe (e.g. that a barge-in truncated the answer where playback
// stopped).

import { errors, type ServiceError } from "./server-errors.js";
import type { JsonObject } from "./session-config.js";

export type ItemRole = "user" | "assistant" | "system";

export interface ConversationItemRecord {
  readonly id: string;
  readonly type: "message" | "function_call" | "function_call_output";
  readonly role: ItemRole | undefined;
  /** Transcript (audio) or text of a message; truncation shortens it to what was heard. */
  text: string;
  /** The full text before any truncation. */
  readonly fullText: string;
  /** Assistant audio generated (sent) for this item, or caller audio for a user audio item. */
  audioMs: number;
  truncatedAtMs: number | undefined;
  deleted: boolean;
  status: "in_progress" | "completed" | "incomplete";
  readonly responseId: string | undefined;
  readonly name?: string;
  readonly callId?: string;
  readonly arguments?: string;
  readonly output?: string;
  readonly createdAtMs: number;
  /** The item as it travels on the wire (kept current). */
  wire: JsonObject;
}

export class ConversationLog {
  private readonly records: ConversationItemRecord[] = [];
  private readonly maxItems: number;

  constructor(maxItems = 10_000) {
    this.maxItems = maxItems;
  }

  get items(): readonly ConversationItemRecord[] {
    return this.records;
  }

  add(record: ConversationItemRecord): void {
    if (this.records.length >= this.maxItems) this.records.shift();
    this.records.push(record);
  }

  find(id: string): ConversationItemRecord | undefined {
    return this.records.find((r) => r.id === id && !r.deleted);
  }

  /** Id of the newest live item, i.e. the `previous_item_id` of the next one. */
  lastItemId(): string | null {
    for (let i = this.records.length - 1; i >= 0; i--) {
      const r = this.records[i];
      if (r && !r.deleted) return r.id;
    }
    return null;
  }

  /**
   * `conversation.item.truncate`: only assistant messages, never beyond the audio generated for the
   * item (or left after an earlier truncation). The transcript keeps what was heard.
   */
  truncate(
    itemId: string,
    audioEndMs: number,
    audioModality: boolean,
  ): { ok: true; item: ConversationItemRecord } | { ok: false; error: ServiceError } {
    const item = this.find(itemId);
    if (!item) return { ok: false, error: errors.itemNotFound(itemId) };
    if (item.type !== "message" || item.role !== "assistant")
      return { ok: false, error: errors.truncateNotAssistant() };
    if (audioEndMs > Math.floor(item.audioMs)) {
      return { ok: false, error: errors.truncateBeyondAudio(audioEndMs, item.audioMs) };
    }
    item.text = ConversationLog.heardText(item.fullText, audioEndMs, item.audioMs);
    item.audioMs = audioEndMs;
    item.truncatedAtMs = audioEndMs;
    const content = audioModality
      ? { type: "audio", transcript: item.text }
      : { type: "text", text: item.text };
    item.wire = { ...item.wire, content: [content] };
    return { ok: true, item };
  }

  /** Prefix of the text heard by `audioEndMs`, proportional to the audio, cut at a word boundary. */
  static heardText(fullText: string, audioEndMs: number, totalAudioMs: number): string {
    if (totalAudioMs <= 0 || audioEndMs >= totalAudioMs) return fullText;
    const chars = Math.floor((fullText.length * audioEndMs) / totalAudioMs);
    const cut = fullText.lastIndexOf(" ", chars);
    return (cut > 0 ? fullText.slice(0, cut) : "").trimEnd();
  }
}

/**
 * A committed caller utterance. On the wire (conversation.item.created) its transcript is null, as
 * transcription arrives in its own events; the log keeps the scripted text.
 */
export function callerAudioItem(
  itemId: string,
  text: string,
  audioMs: number,
  nowMs: number,
): { record: ConversationItemRecord; announced: JsonObject } {
  const announced: JsonObject = {
    id: itemId,
    object: "realtime.item",
    type: "message",
    status: "completed",
    role: "user",
    content: [{ type: "input_audio", transcript: null }],
  };
  const record: ConversationItemRecord = {
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
    createdAtMs: nowMs,
    wire: { ...announced, content: [{ type: "input_audio", transcript: text }] },
  };
  return { record, announced };
}
