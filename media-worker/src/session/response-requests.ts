import type { ResponseCreateEvent, ResponseCreateParams } from "@acs-voice/shared";

/** Requests waiting for the model to be free; more than this means something is looping. */
const MAX_QUEUED = 4;

/**
 * The model answers one response at a time (`conversation_already_has_active_response` otherwise).
 * The worker's own requests (after a tool, a DTMF sequence, a re-prompt, a goodbye) wait here until
 * the response in flight is done.
 */
export class ResponseRequests {
  private active = false;
  private awaitingCreated = false;
  private queue: { params: ResponseCreateParams | undefined }[] = [];

  constructor(private readonly send: (event: ResponseCreateEvent) => boolean) {}

  /** True while a response is in flight or one of ours is about to start. */
  get busy(): boolean {
    return this.active || this.awaitingCreated || this.queue.length > 0;
  }

  get inFlight(): boolean {
    return this.active || this.awaitingCreated;
  }

  request(params?: ResponseCreateParams): void {
    if (this.active || this.awaitingCreated) {
      if (this.queue.length < MAX_QUEUED) this.queue.push({ params });
      return;
    }
    this.sendNow(params);
  }

  /** A response started (ours or one the service created after the caller spoke). */
  created(): void {
    this.active = true;
    this.awaitingCreated = false;
  }

  done(): void {
    this.active = false;
    this.awaitingCreated = false;
    const next = this.queue.shift();
    if (next) this.sendNow(next.params);
  }

  /**
   * The service sent an error. When our response.create was waiting for its response.created, that
   * error is most likely its refusal: stop waiting. `busyElsewhere` (another response is running):
   * ask again once that one is done.
   */
  refused(busyElsewhere: boolean): void {
    if (!this.awaitingCreated) return;
    this.awaitingCreated = false;
    if (busyElsewhere) {
      this.active = true;
      if (this.queue.length < MAX_QUEUED) this.queue.unshift({ params: this.lastParams });
    }
  }

  /** The connection was lost: whatever was in flight is gone; queued requests are kept. */
  connectionLost(): void {
    this.active = false;
    this.awaitingCreated = false;
  }

  /** A new connection is ready: send what was waiting. */
  resume(): void {
    if (this.inFlight) return;
    const next = this.queue.shift();
    if (next) this.sendNow(next.params);
  }

  clear(): void {
    this.queue = [];
  }

  private lastParams: ResponseCreateParams | undefined;

  private sendNow(params: ResponseCreateParams | undefined): void {
    this.lastParams = params;
    this.awaitingCreated = this.send(
      params === undefined ? { type: "response.create" } : { type: "response.create", response: params },
    );
  }
}
