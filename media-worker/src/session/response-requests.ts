import type { ResponseCreateEvent, ResponseCreateParams, ResponseResource } from "@acs-voice/shared";
import type { Clock, TimerHandle } from "../clock.js";

/** Requests waiting for the model to be free; more than this means something is looping. */
const MAX_QUEUED = 4;
/** The service's answer to a response.create while another response is still running. */
const ACTIVE_RESPONSE_ERROR = "conversation_already_has_active_response";
/** A response.create neither started nor refused within this long is taken as lost. */
export const REQUEST_LOST_AFTER_MS = 8_000;

/** Why the model could not answer: said once per failure, so the call can tell the caller. */
export type ResponseTrouble = "failed-twice" | "lost-twice" | "refused";

interface Request {
  params: ResponseCreateParams | undefined;
  /** 1 for the first send; a failed or lost response is sent once more. */
  attempt: number;
}

export interface ResponseRequestsOptions {
  send: (event: ResponseCreateEvent) => boolean;
  clock: Clock;
  /**
   * The system prompt. `instructions` of a response.create are that response's whole system message,
   * so every turn the worker asks for (greeting, re-prompt, goodbye, ...) carries the persona too.
   */
  persona: string;
  /** The model could not produce an answer the caller was waiting for. */
  onTrouble: (trouble: ResponseTrouble, code: string | undefined) => void;
}

/**
 * The model answers one response at a time (`conversation_already_has_active_response` otherwise).
 * The worker's own requests (after a tool, a DTMF sequence, a re-prompt, a goodbye) wait here until
 * the response in flight is done. Each request carries an `event_id`, so an `error` is matched to the
 * request that caused it (an error caused by anything else never drops a request); a response that
 * failed (`response.done` status "failed", e.g. a token quota) or was never started is asked for once
 * more, then reported.
 */
export class ResponseRequests {
  private active = false;
  /** Our request whose response.created has not arrived yet. */
  private awaiting: (Request & { eventId: string; timer: TimerHandle }) | undefined;
  /** Our request whose response is running (between its response.created and response.done). */
  private running: Request | undefined;
  private queue: Request[] = [];
  private sequence = 0;

  constructor(private readonly options: ResponseRequestsOptions) {}

  /** True while a response is in flight or one of ours is about to start. */
  get busy(): boolean {
    return this.active || this.awaiting !== undefined || this.queue.length > 0;
  }

  get inFlight(): boolean {
    return this.active || this.awaiting !== undefined;
  }

  /** Asks the model for a response; `instructions` are this turn's, the persona is added. */
  request(params?: ResponseCreateParams): void {
    const request = { params, attempt: 1 };
    if (this.inFlight) {
      if (this.queue.length < MAX_QUEUED) this.queue.push(request);
      return;
    }
    this.sendNow(request);
  }

  /** A response started (ours, or one the service created after the caller spoke). */
  created(): void {
    this.active = true;
    const awaiting = this.awaiting;
    if (awaiting) {
      this.options.clock.clearTimeout(awaiting.timer);
      this.awaiting = undefined;
      this.running = { params: awaiting.params, attempt: awaiting.attempt };
    } else {
      // The service's own answer to the caller's turn: retried as a plain response.create if it fails.
      this.running = { params: undefined, attempt: 1 };
    }
  }

  /** A response ended; a failed one is asked for once more. */
  done(response: Pick<ResponseResource, "status" | "status_details">): void {
    this.active = false;
    const finished = this.running;
    this.running = undefined;
    if (response.status === "failed" && finished) {
      if (finished.attempt < 2) {
        this.queue.unshift({ params: finished.params, attempt: finished.attempt + 1 });
      } else {
        this.options.onTrouble("failed-twice", failureCode(response));
      }
    }
    this.next();
  }

  /**
   * The service sent an error. Only one naming our waiting request's event_id concerns it:
   * `conversation_already_has_active_response` (a response we did not see start is running) asks again
   * once that one is done; any other refusal is reported and the request dropped (sending the same
   * thing again would be refused again).
   */
  error(eventId: string | null | undefined, code: string | null | undefined): void {
    const awaiting = this.awaiting;
    if (!awaiting || eventId !== awaiting.eventId) return;
    this.options.clock.clearTimeout(awaiting.timer);
    this.awaiting = undefined;
    const request = { params: awaiting.params, attempt: awaiting.attempt };
    if (code === ACTIVE_RESPONSE_ERROR) {
      this.active = true;
      if (this.queue.length < MAX_QUEUED) this.queue.unshift(request);
      return;
    }
    this.options.onTrouble("refused", code ?? undefined);
    this.next();
  }

  /** The connection was lost: whatever was in flight is gone; queued requests are kept. */
  connectionLost(): void {
    this.active = false;
    this.running = undefined;
    if (this.awaiting) {
      this.options.clock.clearTimeout(this.awaiting.timer);
      this.queue.unshift({ params: this.awaiting.params, attempt: this.awaiting.attempt });
      this.awaiting = undefined;
    }
  }

  /** A new connection is ready: send what was waiting. */
  resume(): void {
    if (!this.inFlight) this.next();
  }

  clear(): void {
    this.queue = [];
  }

  close(): void {
    this.clear();
    if (this.awaiting) this.options.clock.clearTimeout(this.awaiting.timer);
    this.awaiting = undefined;
  }

  private next(): void {
    const next = this.queue.shift();
    if (next) this.sendNow(next);
  }

  private sendNow(request: Request): void {
    const eventId = `response-create-${++this.sequence}`;
    const params = request.params?.instructions
      ? { ...request.params, instructions: withPersona(this.options.persona, request.params.instructions) }
      : request.params;
    const sent = this.options.send(
      params === undefined
        ? { type: "response.create", event_id: eventId }
        : { type: "response.create", event_id: eventId, response: params },
    );
    if (!sent) {
      // Not connected: it goes out when the connection is back.
      this.queue.unshift(request);
      return;
    }
    const timer = this.options.clock.setTimeout(() => this.lost(eventId), REQUEST_LOST_AFTER_MS);
    this.awaiting = { ...request, eventId, timer };
  }

  /** Neither response.created nor an error came for our request. */
  private lost(eventId: string): void {
    const awaiting = this.awaiting;
    if (!awaiting || awaiting.eventId !== eventId) return;
    this.awaiting = undefined;
    if (awaiting.attempt < 2) {
      this.sendNow({ params: awaiting.params, attempt: awaiting.attempt + 1 });
      return;
    }
    this.options.onTrouble("lost-twice", undefined);
    this.next();
  }
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
