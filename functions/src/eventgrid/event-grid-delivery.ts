// One Event Grid delivery, in either schema, as a list of uniform events. Event Grid posts an array in the
// Event Grid schema and, in the CloudEvents schema, an array (batch) or a single event; both are accepted.
import { z } from "zod";

export const SUBSCRIPTION_VALIDATION_EVENT = "Microsoft.EventGrid.SubscriptionValidationEvent";
export const INCOMING_CALL_EVENT = "Microsoft.Communication.IncomingCall";

export interface DeliveredEvent {
  id: string;
  type: string;
  schema: "eventgrid" | "cloudevents";
  data: unknown;
}

export type EventGridDelivery = { ok: true; events: DeliveredEvent[] } | { ok: false; reason: string };

/** Event Grid caps a batch at 5,000 events; ACS IncomingCall subscriptions use batches of 1. */
export const MAX_EVENTS_PER_DELIVERY = 5_000;

const eventGridEvent = z.object({ id: z.string().min(1), eventType: z.string().min(1), data: z.unknown() });
const cloudEvent = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  specversion: z.string().min(1),
  data: z.unknown(),
});

export function parseEventGridDelivery(body: unknown): EventGridDelivery {
  const items = Array.isArray(body) ? body : [body];
  if (items.length === 0) return { ok: false, reason: "the delivery contains no events" };
  if (items.length > MAX_EVENTS_PER_DELIVERY) {
    return { ok: false, reason: `a delivery holds at most ${MAX_EVENTS_PER_DELIVERY} events` };
  }
  const events: DeliveredEvent[] = [];
  for (const [index, item] of items.entries()) {
    const asEventGrid = eventGridEvent.safeParse(item);
    if (asEventGrid.success) {
      const { id, eventType, data } = asEventGrid.data;
      events.push({ id, type: eventType, schema: "eventgrid", data });
      continue;
    }
    const asCloudEvent = cloudEvent.safeParse(item);
    if (asCloudEvent.success) {
      const { id, type, data } = asCloudEvent.data;
      events.push({ id, type, schema: "cloudevents", data });
      continue;
    }
    return { ok: false, reason: `event ${index} is neither an Event Grid event nor a CloudEvent` };
  }
  return { ok: true, events };
}

const validationData = z.object({ validationCode: z.string().min(1).max(256) });

/** The validation code of a SubscriptionValidation handshake in the delivery, if there is one. */
export function subscriptionValidationCode(events: readonly DeliveredEvent[]): string | undefined {
  const event = events.find((e) => e.type === SUBSCRIPTION_VALIDATION_EVENT);
  if (event === undefined) return undefined;
  const data = validationData.safeParse(event.data);
  return data.success ? data.data.validationCode : undefined;
}
