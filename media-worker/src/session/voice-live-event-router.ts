import type { FunctionCallItem, ResponseResource, ServerEvent, SessionResource } from "@acs-voice/shared";
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { ResponseGate } from "./barge-in.js";
import type { CallEvent, CallState } from "./call-events.js";
import type { CallFlow } from "./call-flow.js";
import type { CallMetrics } from "./call-metrics.js";
import type { CallTimeouts } from "./call-timeouts.js";
import type { ConversationHistory } from "./conversation-history.js";
import type { ResponseRequests } from "./response-requests.js";
import type { TurnTracker } from "./turn-tracker.js";

/** Function calls run from one response at most (a model looping on calls is cut here). */
const MAX_CALLS_PER_RESPONSE = 8;
/** Responses whose function calls are remembered until their `response.done`. */
const MAX_TRACKED_RESPONSES = 64;

/** What the router needs of its call, each through the narrowest view. */
export interface VoiceLiveEventPorts {
  clock: Clock;
  /** Wall-clock milliseconds, for turn records. */
  wallClock(): number;
  logger: Logger;
  metrics: CallMetrics;
  gate: ResponseGate;
  requests: ResponseRequests;
  timeouts: CallTimeouts;
  turns: TurnTracker;
  history: ConversationHistory;
  flow: CallFlow;
  emit(event: CallEvent): void;
  /** A Voice Live session opened (`expires_at` in seconds, when the service gives one). */
  sessionCreated(expiresAtSec: number | undefined): void;
  /** The service reports the session's effective configuration. */
  sessionUpdated(session: SessionResource): void;
  callerSpeaking(): boolean;
  state(): CallState;
  /** Whether any of the response reached the caller. */
  wasHeard(responseId: string): boolean;
  /** How long what was already sent to the caller still plays. */
  playoutRemainingMs(): number;
}

/**
 * The Voice Live events that are not audio: transcripts, the response lifecycle, function calls
 * collected per response and run at `response.done`, errors. The per-frame audio events and the
 * caller's speech (barge-in) stay with the session, which owns playback.
 */
export class VoiceLiveEventRouter {
  /** Function calls seen in `response.output_item.done`, by response, until its `response.done`. */
  private readonly functionCalls = new Map<string, FunctionCallItem[]>();

  constructor(private readonly ports: VoiceLiveEventPorts) {}

  route(event: ServerEvent): void {
    const { ports } = this;
    switch (event.type) {
      case "conversation.item.input_audio_transcription.completed":
        this.onTranscript("caller", event.transcript);
        return;
      case "response.audio_transcript.done":
        ports.turns.botTranscript(event.response_id, event.transcript);
        this.onTranscript("bot", event.transcript);
        return;
      case "session.created":
        ports.sessionCreated(event.session.expires_at);
        return;
      case "session.updated":
        ports.sessionUpdated(event.session);
        return;
      case "response.created":
        ports.metrics.responses++;
        ports.gate.created(event.response.id);
        ports.requests.created();
        ports.timeouts.botStarted();
        return;
      case "response.output_item.done":
        if (event.item.type === "function_call") this.noteFunctionCall(event.response_id, event.item);
        return;
      case "response.done":
        ports.gate.done(event.response.id);
        this.onResponseDone(event.response);
        return;
      case "error":
        ports.metrics.voiceLiveErrors++;
        ports.logger.warn(
          {
            code: event.error.code ?? undefined,
            errorType: event.error.type,
            param: event.error.param ?? undefined,
          },
          "voice live error",
        );
        // Only an error naming our waiting response.create (by event_id) concerns it.
        ports.requests.error(event.error.event_id, event.error.code);
        return;
      default:
        return;
    }
  }

  private onTranscript(role: "caller" | "bot", text: string): void {
    if (text.trim() === "") return;
    if (role === "caller") this.ports.turns.callerTranscript(text);
    this.ports.history.add(role === "caller" ? "user" : "assistant", text);
    this.ports.emit({ type: "transcript", role, text, atMs: this.ports.clock.now() });
  }

  private onResponseDone(response: ResponseResource): void {
    const { ports } = this;
    ports.requests.done(response);
    const turn = ports.turns.responseDone(response, ports.wallClock());
    if (turn) ports.emit({ type: "turn", turn });
    // response.done lists the calls; the ones announced by output_item.done fill in if it does not.
    const announced = this.functionCalls.get(response.id) ?? [];
    this.functionCalls.delete(response.id);
    const listed = (response.output ?? []).filter(
      (item): item is FunctionCallItem => item.type === "function_call",
    );
    const calls = (listed.length > 0 ? listed : announced).slice(0, MAX_CALLS_PER_RESPONSE);
    if (calls.length > 0 && response.status === "completed") {
      void ports.flow.runTools(calls, ports.wasHeard(response.id));
      return;
    }
    // A cancelled answer (barge-in) ends while the caller talks: their silence has not started.
    if (
      !ports.requests.busy &&
      ports.flow.toolsRunning === 0 &&
      !ports.flow.ending &&
      !ports.callerSpeaking() &&
      ports.state() === "active"
    ) {
      ports.timeouts.botFinished(ports.playoutRemainingMs());
    }
  }

  private noteFunctionCall(responseId: string, item: FunctionCallItem): void {
    const calls = this.functionCalls.get(responseId) ?? [];
    if (calls.length < MAX_CALLS_PER_RESPONSE) calls.push(item);
    this.functionCalls.set(responseId, calls);
    if (this.functionCalls.size > MAX_TRACKED_RESPONSES) {
      const oldest = this.functionCalls.keys().next().value;
      if (oldest !== undefined) this.functionCalls.delete(oldest);
    }
  }
}
