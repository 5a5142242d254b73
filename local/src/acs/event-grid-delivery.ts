// Event Grid push delivery to a webhook (research/acs.md §3c, §5): the validation handshake of the
// chosen schema, then at-least-once delivery, retried on any status outside 200-204 or on a network
// failure, following a (shortened, configurable) retry schedule.
import { subscriptionValidationEvent } from "./payloads/subscription-validation.js";
import { describeWebhookError, type WebhookClient } from "./webhook-client.js";

export type EventGridSchema = "EventGrid" | "CloudEvents";

export const EVENT_GRID_ORIGIN = "eventgrid.azure.net";
export const DEFAULT_RETRY_SCHEDULE_MS = [200, 1000];
export const DELIVERY_TIMEOUT_MS = 30_000; // Event Grid waits 30 s for a webhook answer

export interface HandshakeResult {
  schema: EventGridSchema;
  ok: boolean;
  status: number | undefined;
  error?: string;
  /** EventGrid schema: the code sent and the `validationResponse` received. */
  validationCode?: string;
  validationResponse?: unknown;
  /** CloudEvents schema: the `WebHook-Allowed-Origin` header received. */
  allowedOrigin?: string | null;
}

export interface DeliveryAttempt {
  /** 0 for the first try, as in the `aeg-delivery-count` header. */
  deliveryCount: number;
  status: number | undefined;
  error?: string;
  startedAtMs: number;
}

export interface DeliveryResult {
  delivered: boolean;
  attempts: DeliveryAttempt[];
}

export interface EventGridDeliveryDeps {
  client: WebhookClient;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  uuid: () => string;
  subscriptionName: string;
  subscriptionTopic: string;
  timeoutMs?: number;
}

export function isDeliverySuccess(status: number): boolean {
  return status >= 200 && status <= 204;
}

export class EventGridDelivery {
  constructor(private readonly deps: EventGridDeliveryDeps) {}

  async handshake(url: string, schema: EventGridSchema): Promise<HandshakeResult> {
    return schema === "EventGrid" ? this.validateEventGrid(url) : this.validateCloudEvents(url);
  }

  /** Delivers one event body (already in the schema's envelope) until it succeeds or the schedule runs out. */
  async deliver(
    url: string,
    schema: EventGridSchema,
    body: unknown,
    retryScheduleMs: readonly number[],
    extraHeaders: Record<string, string> = {},
  ): Promise<DeliveryResult> {
    const text = JSON.stringify(body);
    const attempts: DeliveryAttempt[] = [];
    for (let deliveryCount = 0; deliveryCount <= retryScheduleMs.length; deliveryCount++) {
      if (deliveryCount > 0) await this.deps.sleep(retryScheduleMs[deliveryCount - 1] ?? 0);
      const attempt: DeliveryAttempt = { deliveryCount, status: undefined, startedAtMs: this.deps.now() };
      attempts.push(attempt);
      try {
        const response = await this.deps.client({
          method: "POST",
          url,
          headers: { ...this.notificationHeaders(schema, deliveryCount), ...extraHeaders },
          body: text,
          timeoutMs: this.deps.timeoutMs ?? DELIVERY_TIMEOUT_MS,
        });
        attempt.status = response.status;
        if (isDeliverySuccess(response.status)) return { delivered: true, attempts };
      } catch (error) {
        attempt.error = describeWebhookError(error);
      }
    }
    return { delivered: false, attempts };
  }

  private notificationHeaders(schema: EventGridSchema, deliveryCount: number): Record<string, string> {
    const common = {
      "aeg-event-type": "Notification",
      "aeg-subscription-name": this.deps.subscriptionName,
      "aeg-delivery-count": String(deliveryCount),
    };
    return schema === "EventGrid"
      ? {
          ...common,
          "content-type": "application/json; charset=utf-8",
          "aeg-data-version": "1.0",
          "aeg-metadata-version": "1",
        }
      : { ...common, "content-type": "application/cloudevents+json; charset=utf-8" };
  }

  private async validateEventGrid(url: string): Promise<HandshakeResult> {
    const validationCode = this.deps.uuid();
    const event = subscriptionValidationEvent({
      eventId: this.deps.uuid(),
      subscriptionTopic: this.deps.subscriptionTopic,
      validationCode,
      validationUrl: `https://rp-local.eventgrid.azure.net:553/eventsubscriptions/${this.deps.subscriptionName.toLowerCase()}/validate?id=${validationCode}&t=${new Date(this.deps.now()).toISOString()}&apiVersion=2018-05-01-preview&token=local`,
      timeMs: this.deps.now(),
    });
    const result: HandshakeResult = { schema: "EventGrid", ok: false, status: undefined, validationCode };
    try {
      const response = await this.deps.client({
        method: "POST",
        url,
        headers: {
          "content-type": "application/json; charset=utf-8",
          "aeg-event-type": "SubscriptionValidation",
          "aeg-subscription-name": this.deps.subscriptionName,
          "aeg-delivery-count": "0",
          "aeg-data-version": "1",
          "aeg-metadata-version": "1",
        },
        body: JSON.stringify([event]),
        timeoutMs: this.deps.timeoutMs ?? DELIVERY_TIMEOUT_MS,
      });
      result.status = response.status;
      result.validationResponse = parseValidationResponse(response.bodyText);
      // Only 200 counts: Event Grid does not accept 202 for the synchronous handshake.
      result.ok = response.status === 200 && result.validationResponse === validationCode;
    } catch (error) {
      result.error = describeWebhookError(error);
    }
    return result;
  }

  private async validateCloudEvents(url: string): Promise<HandshakeResult> {
    const result: HandshakeResult = { schema: "CloudEvents", ok: false, status: undefined };
    try {
      const response = await this.deps.client({
        method: "OPTIONS",
        url,
        headers: { "WebHook-Request-Origin": EVENT_GRID_ORIGIN, "WebHook-Request-Rate": "120" },
        timeoutMs: this.deps.timeoutMs ?? DELIVERY_TIMEOUT_MS,
      });
      result.status = response.status;
      result.allowedOrigin = response.headers.get("webhook-allowed-origin");
      result.ok =
        isDeliverySuccess(response.status) &&
        (result.allowedOrigin === EVENT_GRID_ORIGIN || result.allowedOrigin === "*");
    } catch (error) {
      result.error = describeWebhookError(error);
    }
    return result;
  }
}

function parseValidationResponse(text: string): unknown {
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === "object" && parsed !== null
      ? (parsed as Record<string, unknown>).validationResponse
      : undefined;
  } catch {
    return undefined;
  }
}
