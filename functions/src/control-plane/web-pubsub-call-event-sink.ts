// Publishes each verified callback event to its call's Web PubSub group, where the worker replica that
// owns the call's media session listens. Replaces the in-process sink when Web PubSub is configured.
import { type CallAutomationEvent, type CallEventMessage, callGroup } from "@acs-voice/shared";
import type { CallEventSink } from "../callbacks/call-event-sink.js";

/** What the sink needs of `WebPubSubServiceClient`. */
export interface GroupPublisher {
  group(name: string): { sendToAll(message: CallEventMessage): Promise<void> };
}

export const DEFAULT_MAX_IN_FLIGHT = 64;

export class WebPubSubCallEventSink implements CallEventSink {
  readonly #service: GroupPublisher;
  readonly #maxInFlight: number;
  #inFlight = 0;
  #sent = 0;
  #failed = 0;
  #dropped = 0;

  constructor(service: GroupPublisher, options: { maxInFlight?: number } = {}) {
    this.#service = service;
    this.#maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  }

  /**
   * Resolves when Web PubSub has taken the event; never rejects: a failed publish is counted, and the
   * callback request still succeeds (the call record is what ACS's retry would protect).
   */
  async publish(event: CallAutomationEvent): Promise<void> {
    if (this.#inFlight >= this.#maxInFlight) {
      this.#dropped += 1;
      return;
    }
    this.#inFlight += 1;
    try {
      await this.#service.group(callGroup(event.callConnectionId)).sendToAll({ kind: "callEvent", event });
      this.#sent += 1;
    } catch {
      this.#failed += 1;
    } finally {
      this.#inFlight -= 1;
    }
  }

  get stats(): { sent: number; failed: number; dropped: number; inFlight: number } {
    return { sent: this.#sent, failed: this.#failed, dropped: this.#dropped, inFlight: this.#inFlight };
  }
}
