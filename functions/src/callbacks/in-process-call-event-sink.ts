// Fan-out of call events to in-process listeners, with a bounded replay buffer so that a listener that
// subscribes a moment after a call's first callbacks (the media session starts in parallel) still sees them.
import type { CallAutomationEvent } from "@acs-voice/shared";
import type { CallEventSink } from "./call-event-sink.js";

export type CallEventListener = (event: CallAutomationEvent) => void;

export interface SubscribeOptions {
  /** Only events of this call. */
  callConnectionId?: string;
  /** Deliver the buffered events that match before the live ones (default true). */
  replay?: boolean;
}

export const DEFAULT_MAX_BUFFERED_EVENTS = 256;

export class InProcessCallEventSink implements CallEventSink {
  readonly #maxBufferedEvents: number;
  readonly #buffer: CallAutomationEvent[] = [];
  readonly #listeners = new Set<{ listener: CallEventListener; callConnectionId: string | undefined }>();
  #listenerErrors = 0;

  constructor(options: { maxBufferedEvents?: number } = {}) {
    this.#maxBufferedEvents = options.maxBufferedEvents ?? DEFAULT_MAX_BUFFERED_EVENTS;
  }

  publish(event: CallAutomationEvent): void {
    this.#buffer.push(event);
    if (this.#buffer.length > this.#maxBufferedEvents) this.#buffer.shift();
    for (const entry of this.#listeners) {
      if (entry.callConnectionId === undefined || entry.callConnectionId === event.callConnectionId) {
        this.#deliver(entry.listener, event);
      }
    }
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: CallEventListener, options: SubscribeOptions = {}): () => void {
    const entry = { listener, callConnectionId: options.callConnectionId };
    if (options.replay ?? true) {
      for (const event of this.#buffer) {
        if (entry.callConnectionId === undefined || entry.callConnectionId === event.callConnectionId) {
          this.#deliver(listener, event);
        }
      }
    }
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  get bufferedEvents(): number {
    return this.#buffer.length;
  }

  /** Listeners that threw; one failing listener never stops the others or the callback request. */
  get listenerErrors(): number {
    return this.#listenerErrors;
  }

  #deliver(listener: CallEventListener, event: CallAutomationEvent): void {
    try {
      listener(event);
    } catch {
      this.#listenerErrors += 1;
    }
  }
}
