// Which scripted words the emulated model says next. The scenario is followed in order: the Nth
// caller utterance is turn N; a response answers the turn waiting for an answer, or the function
// output just received, or (before the caller spoke) the greeting, or else the fallback.

import { DEFAULT_FALLBACK_REPLY, type Scenario, UNSCRIPTED_CALLER_TEXT } from "./scenario.js";

export type ReplyOutput =
  | { kind: "speech"; text: string }
  | { kind: "function_call"; name: string; arguments: string };

export class TurnScript {
  private callerTurns = 0;
  private unanswered: number | undefined;
  private lastAnswered: number | undefined;
  private awaitingOutput: { turn: number; callId: string } | undefined;
  private outputReceivedFor: number | undefined;
  private greeted = false;

  constructor(private readonly scenario: Scenario) {}

  /** A caller utterance was committed; returns what the caller said (the transcription). */
  callerSpoke(): string {
    const turn = this.callerTurns++;
    this.unanswered = turn;
    return this.scenario.turns[turn]?.caller ?? UNSCRIPTED_CALLER_TEXT;
  }

  /** A caller turn is waiting for its answer. */
  get hasUnansweredTurn(): boolean {
    return this.unanswered !== undefined;
  }

  /** The model's function call completed; the script now waits for its output. */
  functionCalled(callId: string): void {
    if (this.lastAnswered !== undefined) this.awaitingOutput = { turn: this.lastAnswered, callId };
  }

  /**
   * The client added a message itself: a typed question, or a replacement session given the
   * conversation so far. A user message carrying the next scripted caller line is that turn, waiting
   * for its answer (a response.create answers it); an assistant message after it means it was already
   * answered. Any such message means the conversation is under way, so the greeting is not spoken again.
   */
  messageAdded(role: "user" | "assistant" | "system", text: string): void {
    if (role === "system") return;
    this.greeted = true;
    if (role === "assistant") {
      if (this.unanswered !== undefined) this.lastAnswered = this.unanswered;
      this.unanswered = undefined;
      return;
    }
    const next = this.scenario.turns[this.callerTurns];
    if (next && next.caller.trim() === text.trim()) {
      this.unanswered = this.callerTurns;
      this.callerTurns++;
    }
  }

  /** The client sent a function_call_output item. */
  functionOutput(callId: string): void {
    if (this.awaitingOutput?.callId !== callId) return;
    this.outputReceivedFor = this.awaitingOutput.turn;
    this.awaitingOutput = undefined;
  }

  /** What the model says in the response being created now. */
  nextReply(preGeneratedText?: string): ReplyOutput[] {
    if (preGeneratedText !== undefined) return [{ kind: "speech", text: preGeneratedText }];
    const fallback = this.scenario.fallbackReply ?? DEFAULT_FALLBACK_REPLY;
    if (this.outputReceivedFor !== undefined) {
      const turn = this.scenario.turns[this.outputReceivedFor];
      this.outputReceivedFor = undefined;
      return turn?.replyAfterFunction ? [{ kind: "speech", text: turn.replyAfterFunction }] : [];
    }
    if (this.unanswered !== undefined) {
      const index = this.unanswered;
      this.unanswered = undefined;
      this.lastAnswered = index;
      const turn = this.scenario.turns[index];
      if (!turn) return [{ kind: "speech", text: fallback }];
      const outputs: ReplyOutput[] = turn.reply ? [{ kind: "speech", text: turn.reply }] : [];
      if (turn.functionCall) {
        outputs.push({
          kind: "function_call",
          name: turn.functionCall.name,
          arguments: JSON.stringify(turn.functionCall.arguments),
        });
      }
      return outputs;
    }
    if (!this.greeted && this.callerTurns === 0 && this.scenario.greeting) {
      this.greeted = true;
      return [{ kind: "speech", text: this.scenario.greeting }];
    }
    return [{ kind: "speech", text: fallback }];
  }
}
