import type {
  Clock,
  FunctionCallItem,
  ResponseCreateEvent,
  ResponseCreateParams,
  ResponseResource,
  TimerHandle,
} from "@acs-voice/shared";

/** Requests waiting for the model to be free; more than this means something is looping. */
const MAX_QUEUED = 4;
/** The service's answer to a response.create while another response is still running. */
const ACTIVE_RESPONSE_ERROR = "conversation_already_has_active_response";
/** A response.create neither started nor refused within this long is taken as lost. */
export const REQUEST_LOST_AFTER_MS = 8_000;
/** Replies remembered by response id (interrupted, heard); older ones cannot plausibly matter any more. */
const MAX_REMEMBERED = 64;
/** Function calls run from one reply at most (a model looping on calls is cut here). */
const MAX_CALLS_PER_REPLY = 8;

/** Why the model could not answer: said once per failure, so the call can tell the caller. */
export type ReplyTrouble = "failed-twice" | "lost-twice" | "refused";

/**
 * One bot reply, from the moment it is asked for (by the worker) or created (by the service, answering
 * the caller) to its end: requested → created → playing → done | interrupted | failed. "done" means
 * generated and played out: the caller heard all of it.
 */
export interface BotReply {
  state: "requested" | "created" | "playing" | "done" | "interrupted" | "failed";
  /** Set at response.created. */
  responseId: string | undefined;
  /** What the worker asked for (undefined: a plain response.create, or the service's own reply). */
  params: ResponseCreateParams | undefined;
  /** 1 for the first send; a failed or lost reply is asked for once more. */
  attempt: number;
  /** response.done came: the model produced all of it. */
  generated: boolean;
  /** When its first audio frame reached the caller (the session's clock). */
  firstAudioAtMs: number | undefined;
  /** Function calls announced by response.output_item.done, until its response.done. */
  functionCalls: FunctionCallItem[];
}

export interface BotRepliesOptions {
  send: (event: ResponseCreateEvent) => boolean;
  clock: Clock;
  /**
   * The system prompt. `instructions` of a response.create are that response's whole system message,
   * so every turn the worker asks for (greeting, re-prompt, goodbye, ...) carries the persona too.
   */
  persona: string;
  /** The model could not produce a reply the caller was waiting for. */
  onTrouble: (trouble: ReplyTrouble, code: string | undefined) => void;
}

/**
 * The bot's replies, one object each, and whose turn it is: the one place that says whether the bot is
 * busy. The call session reports what happens (the caller's speech, the service's response events, the
 * first frame and the end of a reply's audio at the caller, tools running); everything else asks here.
 *
 * - **busy**: a reply is asked for, waiting to be asked for, being generated, or still playing to the
 *   caller. Transfers and goodbyes wait until the bot is not busy.
 * - **waitingForCaller**: the model has nothing more to say (nothing asked for, generating, queued, no
 *   tool whose output it will answer) and the caller is not speaking: their silence counts from the end
 *   of what is playing.
 * - **quiet**: waiting for the caller and nothing playing, nobody's turn pending: a Voice Live session
 *   can be swapped for a new one unnoticed.
 *
 * The model produces one reply at a time (`conversation_already_has_active_response` otherwise), so the
 * worker's own requests (after a tool, a DTMF sequence, a re-prompt, a goodbye) wait here until the
 * running one is done. Each request carries an `event_id`, so an `error` is matched to the request that
 * caused it (an error caused by anything else never drops a request); a reply that failed
 * (`response.done` status "failed", e.g. a token quota) or was never started is asked for once more,
 * then reported. A reply interrupted by the caller stays interrupted: its late audio is never played.
 */
export class BotReplies {
  /** Asked for, waiting for its response.created. */
  private awaiting: (BotReply & { eventId: string; timer: TimerHandle }) | undefined;
  /** Between its response.created and its response.done: the service's one active response. */
  private running: BotReply | undefined;
  /** The reply whose audio the caller hears, from its first frame until it played out or was stopped. */
  private sounding: BotReply | undefined;
  private queue: BotReply[] = [];
  private readonly byResponse = new Map<string, BotReply>();
  private sequence = 0;
  private callerSpeaking = false;
  /** The caller finished a turn; the service's reply to it has not started yet. */
  private callerTurnEnded = false;
  /** Tool calls running; the model answers their outputs. */
  private toolsRunning = 0;

  constructor(private readonly options: BotRepliesOptions) {}

  /** A reply is asked for or being generated. */
  get inFlight(): boolean {
    return this.running !== undefined || this.awaiting !== undefined;
  }

  /** The bot has something to say or is saying it. */
  get busy(): boolean {
    return this.inFlight || this.queue.length > 0 || this.sounding !== undefined;
  }

  /** The model has nothing more to say and the caller is not speaking: the floor is the caller's. */
  get waitingForCaller(): boolean {
    return (
      !this.inFlight &&
      this.queue.length === 0 &&
      this.toolsRunning === 0 &&
      !this.callerSpeaking &&
      !this.callerTurnEnded
    );
  }

  /** Nobody speaking, nothing pending or playing. */
  get quiet(): boolean {
    return this.waitingForCaller && this.sounding === undefined;
  }

  get toolsInFlight(): number {
    return this.toolsRunning;
  }

  /** The reply being generated that the caller may still hear (not interrupted), if any. */
  get speakingId(): string | undefined {
    const running = this.running;
    return running && running.state !== "interrupted" ? running.responseId : undefined;
  }

  /** Asks the model for a reply; `instructions` are this turn's, the persona is added. */
  request(params?: ResponseCreateParams): void {
    const reply = newReply(params, 1);
    if (this.inFlight) {
      if (this.queue.length < MAX_QUEUED) this.queue.push(reply);
      return;
    }
    this.sendNow(reply);
  }

  // ---- the caller's turn and tools ------------------------------------------------------------------

  callerStarted(): void {
    this.callerSpeaking = true;
  }

  /** The service will create its reply to this turn by itself (server VAD). */
  callerStopped(): void {
    this.callerSpeaking = false;
    this.callerTurnEnded = true;
  }

  toolsStarted(): void {
    this.toolsRunning++;
  }

  toolsFinished(): void {
    this.toolsRunning = Math.max(0, this.toolsRunning - 1);
  }

  // ---- the service's response events ----------------------------------------------------------------

  /** A response started: ours, or one the service created after the caller spoke. */
  created(responseId: string): void {
    this.callerTurnEnded = false;
    const awaiting = this.awaiting;
    let reply: BotReply;
    if (awaiting) {
      this.options.clock.clearTimeout(awaiting.timer);
      this.awaiting = undefined;
      const { eventId: _eventId, timer: _timer, ...asked } = awaiting;
      reply = asked;
    } else {
      // The service's own answer to the caller's turn: retried as a plain response.create if it fails.
      reply = this.byResponse.get(responseId) ?? newReply(undefined, 1);
    }
    if (reply.state === "requested") reply.state = "created";
    reply.responseId = responseId;
    this.running = reply;
    this.remember(responseId, reply);
  }

  /** A response ended; a failed one is asked for once more. */
  done(response: Pick<ResponseResource, "id" | "status" | "status_details">): void {
    this.callerTurnEnded = false;
    const running = this.running;
    const isRunning =
      running !== undefined && (running.responseId === undefined || running.responseId === response.id);
    const finished = isRunning ? running : this.byResponse.get(response.id);
    if (isRunning) this.running = undefined;
    if (finished) {
      finished.generated = true;
      if (response.status === "failed" && finished.state !== "interrupted") finished.state = "failed";
      else if (finished !== this.sounding && isLive(finished)) finished.state = "done";
    }
    // A reply we only know from a refusal (someone else's) is not ours to ask for again.
    if (response.status === "failed" && isRunning && finished?.responseId !== undefined) {
      if (finished.attempt < 2) this.queue.unshift(newReply(finished.params, finished.attempt + 1));
      else this.options.onTrouble("failed-twice", failureCode(response));
    }
    if (isRunning) this.next();
  }

  /**
   * The service sent an error. Only one naming our waiting request's event_id concerns it:
   * `conversation_already_has_active_response` (a reply we did not see start is running) asks again
   * once that one is done; any other refusal is reported and the request dropped (sending the same
   * thing again would be refused again).
   */
  error(eventId: string | null | undefined, code: string | null | undefined): void {
    this.callerTurnEnded = false;
    const awaiting = this.awaiting;
    if (!awaiting || eventId !== awaiting.eventId) return;
    this.options.clock.clearTimeout(awaiting.timer);
    this.awaiting = undefined;
    const retry = newReply(awaiting.params, awaiting.attempt);
    if (code === ACTIVE_RESPONSE_ERROR) {
      // Someone else's reply is running: ours goes once its response.done comes.
      this.running = { ...newReply(undefined, 1), state: "created" };
      if (this.queue.length < MAX_QUEUED) this.queue.unshift(retry);
      return;
    }
    this.options.onTrouble("refused", code ?? undefined);
    this.next();
  }

  /** The model finished a function call item of a reply. */
  functionCall(responseId: string, item: FunctionCallItem): void {
    const reply = this.byResponse.get(responseId);
    if (reply && reply.functionCalls.length < MAX_CALLS_PER_REPLY) reply.functionCalls.push(item);
  }

  /**
   * The function calls a finished reply asks for: those response.done lists, else those announced
   * one by one (bounded).
   */
  functionCallsOf(response: Pick<ResponseResource, "id" | "output">): FunctionCallItem[] {
    const listed = (response.output ?? []).filter(
      (item): item is FunctionCallItem => item.type === "function_call",
    );
    const announced = this.byResponse.get(response.id)?.functionCalls ?? [];
    return (listed.length > 0 ? listed : announced).slice(0, MAX_CALLS_PER_REPLY);
  }

  // ---- what the caller hears ------------------------------------------------------------------------

  /** The reply's first audio reached the caller (or its audio resumed after a pause). */
  heard(responseId: string, atMs: number): void {
    const reply = this.byResponse.get(responseId) ?? { ...newReply(undefined, 1), responseId };
    reply.firstAudioAtMs ??= atMs;
    if (reply.state === "created" || reply.state === "done") reply.state = "playing";
    this.sounding = reply;
    this.remember(responseId, reply);
  }

  /** Everything sent to the caller has played (or was stopped). */
  playedOut(): void {
    const reply = this.sounding;
    this.sounding = undefined;
    if (reply?.state === "playing" && reply.generated) reply.state = "done";
  }

  /** Whether any of the reply reached the caller. */
  wasHeard(responseId: string): boolean {
    return this.byResponse.get(responseId)?.firstAudioAtMs !== undefined;
  }

  firstAudioAt(responseId: string): number | undefined {
    return this.byResponse.get(responseId)?.firstAudioAtMs;
  }

  /** The caller cut in, or the reply was stopped: its audio, even what arrives later, is never played. */
  interrupt(responseId: string): void {
    const reply = this.byResponse.get(responseId) ?? { ...newReply(undefined, 1), responseId };
    reply.state = "interrupted";
    if (this.sounding === reply) this.sounding = undefined;
    this.remember(responseId, reply);
  }

  isInterrupted(responseId: string): boolean {
    return this.byResponse.get(responseId)?.state === "interrupted";
  }

  // ---- the connection -------------------------------------------------------------------------------

  /** The connection was lost: whatever was in flight is gone (and what the caller said); queued requests are kept. */
  connectionLost(): void {
    this.running = undefined;
    this.callerSpeaking = false;
    this.callerTurnEnded = false;
    const awaiting = this.awaiting;
    if (awaiting) {
      this.options.clock.clearTimeout(awaiting.timer);
      this.queue.unshift(newReply(awaiting.params, awaiting.attempt));
      this.awaiting = undefined;
    }
  }

  /** A new connection is ready: ask for what was waiting. */
  resume(): void {
    if (!this.inFlight) this.next();
  }

  /** Drops the requests still waiting (a goodbye replaces them). */
  clearQueue(): void {
    this.queue = [];
  }

  close(): void {
    this.clearQueue();
    if (this.awaiting) this.options.clock.clearTimeout(this.awaiting.timer);
    this.awaiting = undefined;
  }

  private next(): void {
    const next = this.queue.shift();
    if (next) this.sendNow(next);
  }

  private sendNow(reply: BotReply): void {
    const eventId = `response-create-${++this.sequence}`;
    const params = reply.params?.instructions
      ? { ...reply.params, instructions: withPersona(this.options.persona, reply.params.instructions) }
      : reply.params;
    const sent = this.options.send(
      params === undefined
        ? { type: "response.create", event_id: eventId }
        : { type: "response.create", event_id: eventId, response: params },
    );
    if (!sent) {
      // Not connected: it goes out when the connection is back.
      this.queue.unshift(reply);
      return;
    }
    const timer = this.options.clock.setTimeout(() => this.lost(eventId), REQUEST_LOST_AFTER_MS);
    this.awaiting = { ...reply, eventId, timer };
  }

  /** Neither response.created nor an error came for our request. */
  private lost(eventId: string): void {
    const awaiting = this.awaiting;
    if (!awaiting || awaiting.eventId !== eventId) return;
    this.awaiting = undefined;
    if (awaiting.attempt < 2) {
      this.sendNow(newReply(awaiting.params, awaiting.attempt + 1));
      return;
    }
    this.options.onTrouble("lost-twice", undefined);
    this.next();
  }

  private remember(responseId: string, reply: BotReply): void {
    this.byResponse.delete(responseId);
    this.byResponse.set(responseId, reply);
    if (this.byResponse.size > MAX_REMEMBERED) {
      const oldest = this.byResponse.keys().next().value;
      if (oldest !== undefined) this.byResponse.delete(oldest);
    }
  }
}

function newReply(params: ResponseCreateParams | undefined, attempt: number): BotReply {
  return {
    state: "requested",
    responseId: undefined,
    params,
    attempt,
    generated: false,
    firstAudioAtMs: undefined,
    functionCalls: [],
  };
}

function isLive(reply: BotReply): boolean {
  return reply.state === "created" || reply.state === "playing" || reply.state === "requested";
}

/** This turn's instruction with the persona (language, tone, safety rules) it must keep. */
export function withPersona(persona: string, instruction: string): string {
  return persona.trim() === "" ? instruction : `${persona}\n\nFor this reply: ${instruction}`;
}

function failureCode(response: Pick<ResponseResource, "status_details">): string | undefined {
  const error = response.status_details?.error;
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "string") {
    return error.code.slice(0, 64);
  }
  return undefined;
}
