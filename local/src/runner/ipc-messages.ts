// The IPC protocol between the runner and its emulator child processes (fork with "advanced"
// serialization, so typed arrays such as the caller's audio travel as they are).

import type { MediaCallReport } from "../acs/media/index.js";
import type { TimedLiveEvent } from "./live-event.js";

/** What the emulator said about itself once listening: URLs, connection strings, ids. */
export interface ReadyMessage {
  type: "ready";
  info: Record<string, string>;
  /**
   * Voice Live emulator in a runner call: what the caller is going to say, synthesised in that process
   * because it has just voiced the bot's replies, whose lengths time the caller's lines.
   */
  caller?: CallerPlan & { samples: Int16Array };
}

export interface CallerPlan {
  durationMs: number;
  sampleRateHz: number;
  utterances: { startMs: number; endMs: number; text: string | undefined }[];
}

export interface LiveMessage extends TimedLiveEvent {
  type: "live";
}

export interface MediaReportMessage {
  type: "media-report";
  report: MediaCallReport;
}

/** One item of the Voice Live conversation at the end of the call (texts as the model holds them). */
export interface ConversationItemSummary {
  type: "message" | "function_call" | "function_call_output";
  role: string | undefined;
  /** What was heard (shortened by a barge-in's truncation). */
  text: string;
  fullText: string;
  truncatedAtMs: number | undefined;
  name: string | undefined;
  arguments: string | undefined;
  createdAtEpochMs: number;
}

export interface ConversationMessage {
  type: "conversation";
  items: ConversationItemSummary[];
}

export interface FailedMessage {
  type: "failed";
  message: string;
}

export type ChildMessage =
  | ReadyMessage
  | LiveMessage
  | MediaReportMessage
  | ConversationMessage
  | FailedMessage;

export type ControlMessage =
  | { type: "ring"; webhookUrl: string; caller: Int16Array }
  | { type: "hang-up" }
  | { type: "send-conversation" };

const CHILD_TYPES = new Set(["ready", "live", "media-report", "conversation", "failed"]);
const CONTROL_TYPES = new Set(["ring", "hang-up", "send-conversation"]);

/** IPC comes from our own processes, so a check of the discriminant is enough at this boundary. */
export function isChildMessage(value: unknown): value is ChildMessage {
  return hasType(value, CHILD_TYPES);
}

export function isControlMessage(value: unknown): value is ControlMessage {
  return hasType(value, CONTROL_TYPES);
}

export function messageOfType<T extends ChildMessage["type"]>(
  type: T,
): (value: unknown) => value is Extract<ChildMessage, { type: T }> {
  return (value): value is Extract<ChildMessage, { type: T }> => isChildMessage(value) && value.type === type;
}

function hasType(value: unknown, types: ReadonlySet<string>): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { type?: unknown }).type === "string" &&
    types.has((value as { type: string }).type)
  );
}
