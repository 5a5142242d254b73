// The callbacks of one call, delivered strictly one after another in the order the call produced them
// (like the service's per-call event stream), with a bounded record of what was sent.
import type { CallbackSender, CallbackSendOptions, SentCallback } from "./callback-sender.js";
import {
  type CallbackEvent,
  type CallbackEventType,
  type CallIdentity,
  callbackBody,
} from "./payloads/callback-events.js";

export const MAX_RECORDED_CALLBACKS = 1000;

export interface CallbackStreamDeps {
  sender: CallbackSender;
  now: () => number;
  uuid: () => string;
  onSent: () => void;
}

export class CallbackStream {
  /** Most recent MAX_RECORDED_CALLBACKS callbacks, oldest first. */
  readonly records: SentCallback[] = [];
  private chain: Promise<void> = Promise.resolve();
  private readonly waiters = new Set<(record: SentCallback) => void>();

  constructor(
    private readonly url: string,
    private readonly call: CallIdentity,
    private readonly apiVersion: string,
    private readonly deps: CallbackStreamDeps,
  ) {}

  /** Queues one callback; resolves when the application answered it (or the request failed). */
  send(event: CallbackEvent, options: CallbackSendOptions = {}, url = this.url): Promise<SentCallback> {
    const body = callbackBody(event, this.call, {
      eventId: this.deps.uuid(),
      timeMs: this.deps.now(),
      apiVersion: this.apiVersion,
    });
    const sent = this.chain.then(() => this.deps.sender.send(url, event.type, body, options));
    this.chain = sent.then((record) => {
      this.records.push(record);
      if (this.records.length > MAX_RECORDED_CALLBACKS) this.records.shift();
      for (const waiter of [...this.waiters]) waiter(record);
      this.deps.onSent();
    });
    return sent;
  }

  waitFor(type: CallbackEventType, timeoutMs: number): Promise<SentCallback> {
    const existing = this.records.find((record) => record.type === type);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no ${type} callback within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (record: SentCallback) => {
        if (record.type !== type) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(record);
      };
      this.waiters.add(waiter);
    });
  }

  /** Resolves once everything queued so far has been delivered. */
  idle(): Promise<void> {
    return this.chain;
  }
}
