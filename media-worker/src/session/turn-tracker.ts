import type { ResponseResource } from "@acs-voice/shared";
import type { TurnRecord, TurnUsage } from "./call-events.js";

/** Caller text kept for the next turn; a caller talking for minutes is cut here. */
const MAX_TURN_TEXT_CHARS = 4_000;
/** Tools remembered per turn. */
const MAX_TOOLS_PER_TURN = 16;
/** Responses tracked at once; one whose response.done never came (a dropped connection) is forgotten. */
const MAX_OPEN_RESPONSES = 16;

/**
 * Builds one record per answered turn from the events of both sides: the caller's transcript, when the
 * caller stopped, barge-ins, tool calls, and at `response.done` the usage the service reported and when
 * the answer's first audio reached ACS (BotReplies knows). Pure bookkeeping: no clock, no sockets.
 */
export class TurnTracker {
  private index = 0;
  private callerText = "";
  private callerStoppedAtMs: number | undefined;
  private readonly botText = new Map<string, string>();
  private bargeIn: { heardMs: number | undefined } | undefined;
  private tools: TurnRecord["tools"] = [];

  callerStopped(atMs: number): void {
    this.callerStoppedAtMs = atMs;
  }

  callerTranscript(text: string): void {
    const joined = this.callerText === "" ? text : `${this.callerText} ${text}`;
    this.callerText = joined.slice(0, MAX_TURN_TEXT_CHARS);
  }

  botTranscript(responseId: string, text: string): void {
    const joined = `${this.botText.get(responseId) ?? ""}${text}`;
    this.botText.set(responseId, joined.slice(0, MAX_TURN_TEXT_CHARS));
    forgetOldest(this.botText);
  }

  interrupted(heardMs: number | undefined): void {
    this.bargeIn = { heardMs };
  }

  tool(entry: TurnRecord["tools"][number]): void {
    if (this.tools.length < MAX_TOOLS_PER_TURN) this.tools.push(entry);
  }

  /**
   * The answer finished: the turn is complete. `firstAudioAtMs`: when its first audio reached the caller
   * (the session's clock), if it did. Undefined for a response that produced nothing.
   */
  responseDone(
    response: ResponseResource,
    endedAtWallMs: number,
    firstAudioAtMs: number | undefined,
  ): TurnRecord | undefined {
    const botText = this.botText.get(response.id) || spokenTextOf(response);
    this.botText.delete(response.id);
    const producedSomething =
      botText !== "" || firstAudioAtMs !== undefined || (response.output?.length ?? 0) > 0;
    if (!producedSomething && this.callerText === "") return undefined;
    const latencyMs =
      firstAudioAtMs !== undefined && this.callerStoppedAtMs !== undefined
        ? Math.max(0, Math.round(firstAudioAtMs - this.callerStoppedAtMs))
        : undefined;
    const turn: TurnRecord = {
      index: ++this.index,
      endedAtWallMs,
      callerText: this.callerText,
      botText,
      status: response.status,
      latencyMs,
      bargeIn: this.bargeIn,
      tools: this.tools,
      usage: usageOf(response),
    };
    this.callerText = "";
    this.callerStoppedAtMs = undefined;
    this.bargeIn = undefined;
    this.tools = [];
    return turn;
  }
}

/** The answer's words as response.done reports them, for a response whose transcript deltas never came. */
function spokenTextOf(response: ResponseResource): string {
  let text = "";
  for (const item of response.output ?? []) {
    if (item.type !== "message" || item.role !== "assistant") continue;
    for (const part of item.content) {
      if (part.type === "audio") text += part.transcript ?? "";
      else if (part.type === "text") text += part.text;
    }
  }
  return text.slice(0, MAX_TURN_TEXT_CHARS);
}

function usageOf(response: ResponseResource): TurnUsage | undefined {
  const usage = response.usage;
  if (!usage) return undefined;
  const input = usage.input_token_details;
  const output = usage.output_token_details;
  const inputAudio = input?.audio_tokens ?? 0;
  const inputText = input?.text_tokens ?? Math.max(0, usage.input_tokens - inputAudio);
  const outputAudio = output?.audio_tokens ?? 0;
  const outputText = output?.text_tokens ?? Math.max(0, usage.output_tokens - outputAudio);
  return {
    inputTextTokens: inputText,
    inputAudioTokens: inputAudio,
    cachedInputTokens: input?.cached_tokens ?? 0,
    outputTextTokens: outputText,
    outputAudioTokens: outputAudio,
  };
}

function forgetOldest<T>(map: Map<string, T>): void {
  if (map.size <= MAX_OPEN_RESPONSES) return;
  const oldest = map.keys().next().value;
  if (oldest !== undefined) map.delete(oldest);
}
