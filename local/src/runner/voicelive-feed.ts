// Turns what the Voice Live emulator sent and received into live events for the runner (transcripts,
// VAD, responses with their token usage, tool calls, cancel and truncate), and summarises the final
// conversation. The emulator records every event per session, so they are read on a short interval.

import type { EmulatedVoiceLiveSession, Usage, VoiceLiveEmulator } from "../voicelive/index.js";
import type { ConversationItemSummary } from "./ipc-messages.js";
import type { LiveEvent } from "./live-event.js";

export interface VoiceLiveFeedOptions {
  emit: (event: LiveEvent, atEpochMs: number) => void;
  intervalMs?: number;
}

interface Cursor {
  sent: number;
  received: number;
}

/** Starts watching; the returned function stops it after one last read. */
export function watchVoiceLive(emulator: VoiceLiveEmulator, options: VoiceLiveFeedOptions): () => void {
  const cursors = new Map<EmulatedVoiceLiveSession, Cursor>();
  const poll = () => {
    for (const session of emulator.sessions) {
      let cursor = cursors.get(session);
      if (!cursor) {
        cursor = { sent: 0, received: 0 };
        cursors.set(session, cursor);
        options.emit({ kind: "model-connected" }, session.startedAtMs);
      }
      const sent = session.sent;
      for (let i = cursor.sent; i < sent.length; i++) {
        const entry = sent[i];
        const event = entry ? fromServerEvent(entry.event) : undefined;
        if (entry && event) options.emit(event, entry.sentAtMs);
      }
      cursor.sent = sent.length;
      const received = session.received;
      for (let i = cursor.received; i < received.length; i++) {
        const entry = received[i];
        const event = entry ? fromClientMessage(entry.message) : undefined;
        if (entry && event) options.emit(event, entry.receivedAtMs);
      }
      cursor.received = received.length;
    }
  };
  const timer = setInterval(poll, options.intervalMs ?? 50);
  return () => {
    clearInterval(timer);
    poll();
  };
}

/** The server events worth showing; audio deltas and bookkeeping events are skipped. */
export function fromServerEvent(event: Record<string, unknown>): LiveEvent | undefined {
  switch (event.type) {
    case "input_audio_buffer.speech_started":
      return { kind: "model-vad", speaking: true };
    case "input_audio_buffer.speech_stopped":
      return { kind: "model-vad", speaking: false };
    case "conversation.item.input_audio_transcription.completed":
      return { kind: "caller-transcript", text: text(event.transcript) };
    case "response.audio_transcript.delta":
      return { kind: "bot-transcript", responseId: text(event.response_id), delta: text(event.delta) };
    case "response.output_item.done": {
      const item = record(event.item);
      return item.type === "function_call"
        ? { kind: "tool-call", name: text(item.name), arguments: text(item.arguments) }
        : undefined;
    }
    case "response.done": {
      const response = record(event.response);
      return {
        kind: "response-done",
        responseId: text(response.id),
        status: text(response.status),
        usage: isUsage(response.usage) ? response.usage : undefined,
      };
    }
    default:
      return undefined;
  }
}

/** The client messages that show the worker's barge-in handling. */
export function fromClientMessage(message: unknown): LiveEvent | undefined {
  const body = record(message);
  if (body.type === "response.cancel") return { kind: "response-cancel" };
  if (body.type === "conversation.item.truncate" && typeof body.audio_end_ms === "number") {
    return { kind: "truncate", audioEndMs: body.audio_end_ms };
  }
  return undefined;
}

/** The conversation of every session, oldest first, without audio. */
export function summariseConversation(emulator: VoiceLiveEmulator): ConversationItemSummary[] {
  return emulator.sessions.flatMap((session) =>
    session.conversation
      .filter((item) => !item.deleted)
      .map((item) => ({
        type: item.type,
        role: item.role,
        text: item.text,
        fullText: item.fullText,
        truncatedAtMs: item.truncatedAtMs,
        name: item.name,
        arguments: item.arguments,
        createdAtEpochMs: item.createdAtMs,
      })),
  );
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

function isUsage(value: unknown): value is Usage {
  const usage = record(value);
  return typeof usage.total_tokens === "number" && typeof usage.output_tokens === "number";
}
