// Rings the application: remembers the incoming call (so it can be answered by its incomingCallContext)
// and pushes Microsoft.Communication.IncomingCall through Event Grid to the subscription's webhook.
import { newIncomingCallContext, newServerCallId, randomIds } from "./call-ids.js";
import type { CallRegistry } from "./call-registry.js";
import type { DeliveryResult, EventGridDelivery } from "./event-grid-delivery.js";
import { identifierFromString } from "./identifiers.js";
import {
  type IncomingCallFacts,
  incomingCallCloudEvent,
  incomingCallEventGridEvent,
} from "./payloads/incoming-call.js";
import type { RingOptions, RingResult } from "./ring-options.js";

export const DEFAULT_CALLER = "+14255550123";
export const DEFAULT_CALLEE = "+18005550100";

export interface IncomingCallRingerDeps {
  registry: CallRegistry;
  delivery: EventGridDelivery;
  uuid: () => string;
  now: () => number;
  /** `/subscriptions/…/communicationservices/<name>`: the event's topic / source. */
  resourceTopic: string;
  retryScheduleMs: readonly number[];
}

export class IncomingCallRinger {
  /** Subscriptions (schema + URL) whose validation handshake succeeded. */
  private readonly validated = new Set<string>();

  constructor(private readonly deps: IncomingCallRingerDeps) {}

  async ring(options: RingOptions): Promise<RingResult> {
    const schema = options.schema ?? "EventGrid";
    const facts = this.remember(options);
    const event = schema === "EventGrid" ? incomingCallEventGridEvent(facts) : incomingCallCloudEvent(facts);
    const result: RingResult = {
      eventId: facts.eventId,
      incomingCallContext: facts.incomingCallContext,
      serverCallId: facts.serverCallId,
      correlationId: facts.correlationId,
      event,
      handshake: undefined,
      deliveries: [],
    };

    const subscription = `${schema} ${options.webhookUrl}`;
    const mode = options.handshake ?? "once";
    if (mode === "always" || (mode === "once" && !this.validated.has(subscription))) {
      result.handshake = await this.deps.delivery.handshake(options.webhookUrl, schema);
      if (!result.handshake.ok) return result; // Event Grid would not have created the subscription
      this.validated.add(subscription);
    }

    const body = schema === "EventGrid" ? [event] : event;
    const schedule = options.retryScheduleMs ?? this.deps.retryScheduleMs;
    const deliverOnce = (): Promise<DeliveryResult> =>
      this.deps.delivery.deliver(options.webhookUrl, schema, body, schedule, options.deliveryHeaders);
    switch (options.duplicate ?? "none") {
      case "none":
        result.deliveries.push(await deliverOnce());
        break;
      case "sequential":
        result.deliveries.push(await deliverOnce());
        result.deliveries.push(await deliverOnce());
        break;
      case "concurrent":
        result.deliveries.push(...(await Promise.all([deliverOnce(), deliverOnce()])));
        break;
    }
    return result;
  }

  private remember(options: RingOptions): IncomingCallFacts {
    const correlationId = this.deps.uuid();
    const facts: IncomingCallFacts = {
      eventId: this.deps.uuid(),
      resourceTopic: this.deps.resourceTopic,
      from: identifierFromString(options.from ?? DEFAULT_CALLER),
      to: identifierFromString(options.to ?? DEFAULT_CALLEE),
      serverCallId: newServerCallId(randomIds),
      callerDisplayName: options.callerDisplayName ?? "",
      incomingCallContext: newIncomingCallContext(randomIds, correlationId),
      correlationId,
      ...(options.customContext
        ? {
            customContext: {
              sipHeaders: { ...options.customContext.sipHeaders },
              voipHeaders: { ...options.customContext.voipHeaders },
            },
          }
        : {}),
      timeMs: this.deps.now(),
    };
    this.deps.registry.addRinging({
      incomingCallContext: facts.incomingCallContext,
      serverCallId: facts.serverCallId,
      correlationId,
      from: facts.from,
      to: facts.to,
      callerDisplayName: facts.callerDisplayName,
      mediaOverrides: { ...options.media },
      mediaToken: options.mediaToken,
      answeredBy: [],
      cancelled: false,
    });
    return facts;
  }
}
