import type { SpeechSegment } from "./speech-segments.js";

/** Everything the artifacts and the summary of one call are drawn from. Times in ms from call start. */
export interface CallTimeline {
  durationMs: number;
  caller: LabelledSegment[];
  bot: LabelledSegment[];
  bargeIns: BargeIn[];
  toolCalls: ToolCallMark[];
  /** Caller stops speaking → first bot audio heard, one per answered turn. */
  turnLatencies: TurnLatency[];
  /** Media connected (0) → first bot audio heard. */
  firstAudioMs?: number;
  /** How the call ended, e.g. "caller hung up". */
  end?: { atMs: number; label: string };
}

export interface LabelledSegment extends SpeechSegment {
  text?: string;
  /** The bot was cut off here by the caller. */
  interrupted?: boolean;
}

export interface BargeIn {
  /** When the caller started talking over the bot. */
  atMs: number;
  /** How long the bot's audio kept playing for the caller after that. */
  stopAfterMs: number;
}

export interface ToolCallMark {
  atMs: number;
  name: string;
}

export interface TurnLatency {
  callerStopMs: number;
  botStartMs: number;
  latencyMs: number;
}

/**
 * Pairs the caller's and the bot's speech into turns: each caller segment followed by bot speech is a
 * turn whose latency is the gap; a caller segment that starts while the bot is speaking is a barge-in,
 * and the time until the bot's segment ends is how long the caller had to talk over it.
 */
export function deriveTurns(
  caller: SpeechSegment[],
  bot: SpeechSegment[],
): { turnLatencies: TurnLatency[]; bargeIns: BargeIn[]; interruptedBot: Set<number> } {
  const turnLatencies: TurnLatency[] = [];
  const bargeIns: BargeIn[] = [];
  const interruptedBot = new Set<number>();
  for (const segment of caller) {
    const overlapped = bot.findIndex((b) => b.startMs < segment.startMs && b.endMs > segment.startMs);
    if (overlapped >= 0) {
      const botSegment = bot[overlapped] as SpeechSegment;
      bargeIns.push({ atMs: segment.startMs, stopAfterMs: botSegment.endMs - segment.startMs });
      interruptedBot.add(overlapped);
    }
    const answer = bot.find((b) => b.startMs >= segment.endMs);
    const nextCaller = caller.find((c) => c.startMs > segment.endMs);
    if (answer && (!nextCaller || answer.startMs < nextCaller.startMs)) {
      turnLatencies.push({
        callerStopMs: segment.endMs,
        botStartMs: answer.startMs,
        latencyMs: answer.startMs - segment.endMs,
      });
    }
  }
  return { turnLatencies, bargeIns, interruptedBot };
}
