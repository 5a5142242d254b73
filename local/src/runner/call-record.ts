// Everything written about one finished call, derived from what the caller's side recorded (both audio
// tracks and the turn metrics measured from the caller's seat) and what the model held (the
// conversation: transcripts, truncation, tool calls). Pure: the files are written by call-artifacts.ts.

import type { MediaCallReport } from "../acs/media/index.js";
import type { CallTimeline, LabelledSegment } from "./call-timeline.js";
import { deriveTurns } from "./call-timeline.js";
import type { ConversationItemSummary } from "./ipc-messages.js";
import { findSpeechSegments, type SpeechSegment } from "./speech-segments.js";
import type { CallTranscript, TranscriptEntry } from "./transcript.js";

export interface CallRecord {
  timeline: CallTimeline;
  transcript: CallTranscript;
}

export interface CallRecordInputs {
  callId: string;
  /** Drawn at the end of the timeline, e.g. "caller hung up". */
  endLabel?: string;
  report: MediaCallReport;
  conversation: readonly ConversationItemSummary[];
}

/** How far before a caller utterance's end the model may date its item (it is created at speech stop). */
const TRANSCRIPT_MATCH_SLACK_MS = 200;

export function buildCallRecord({ callId, report, conversation, endLabel }: CallRecordInputs): CallRecord {
  const rate = report.sampleRateHz;
  const startEpochMs = report.startEpochMs ?? 0;
  const callTime = (epochMs: number) => Math.max(0, epochMs - startEpochMs);
  const durationMs = (Math.max(report.sent.length, report.heard.length) * 1000) / rate;

  const callerSegments = findSpeechSegments(report.sent, rate);
  const botSegments = findSpeechSegments(report.heard, rate);
  const { interruptedBot } = deriveTurns(callerSegments, botSegments);

  const entries: TranscriptEntry[] = [];
  const caller: LabelledSegment[] = callerSegments.map((s) => ({ ...s }));
  const bot: LabelledSegment[] = botSegments.map((s, i) => ({ ...s, interrupted: interruptedBot.has(i) }));
  const toolCalls: CallTimeline["toolCalls"] = [];

  for (const item of conversation) {
    const atMs = callTime(item.createdAtEpochMs);
    if (item.type === "function_call") {
      toolCalls.push({ atMs, name: item.name ?? "?" });
      entries.push({ speaker: "tool", atMs, text: `${item.name ?? "?"}(${item.arguments ?? ""})` });
    } else if (item.type === "message" && item.role === "user") {
      const segment = lastStartingBefore(caller, atMs + TRANSCRIPT_MATCH_SLACK_MS);
      if (segment && segment.text === undefined) segment.text = item.text;
      entries.push({ speaker: "caller", atMs: segment?.startMs ?? atMs, text: item.text });
    } else if (item.type === "message" && item.role === "assistant") {
      const segment = bot.find((s) => s.startMs >= atMs - TRANSCRIPT_MATCH_SLACK_MS && s.text === undefined);
      if (segment) segment.text = item.text;
      const interrupted = item.truncatedAtMs !== undefined;
      entries.push({
        speaker: "bot",
        atMs: segment?.startMs ?? atMs,
        text: item.text,
        ...(interrupted ? { interrupted, fullText: item.fullText } : {}),
      });
    }
  }
  entries.sort((a, b) => a.atMs - b.atMs);

  const turnLatencies = report.utterances
    .filter((u) => Number.isFinite(u.botAudioAfterMs))
    .map((u) => ({
      callerStopMs: u.endMs,
      botStartMs: u.endMs + u.botAudioAfterMs,
      latencyMs: u.botAudioAfterMs,
    }));
  const bargeIns = report.bargeIns
    .filter((b) => Number.isFinite(b.botStopMs))
    .map((b) => ({ atMs: b.callerStartMs, stopAfterMs: b.botStopMs - b.callerStartMs }));

  return {
    timeline: {
      durationMs,
      caller,
      bot,
      bargeIns,
      toolCalls,
      turnLatencies,
      ...(report.botOnsetsMs[0] !== undefined ? { firstAudioMs: report.botOnsetsMs[0] } : {}),
      ...(endLabel ? { end: { atMs: durationMs, label: endLabel } } : {}),
    },
    transcript: {
      callId,
      startedAt: new Date(startEpochMs).toISOString(),
      entries,
    },
  };
}

function lastStartingBefore<T extends SpeechSegment>(segments: T[], atMs: number): T | undefined {
  let found: T | undefined;
  for (const segment of segments) if (segment.startMs <= atMs) found = segment;
  return found;
}
