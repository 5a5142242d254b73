// The Event Grid webhook validation event (fixture eventgrid-subscriptionvalidation.learn-docs.json).
import { eventGridTime } from "./wire-time.js";

export const SUBSCRIPTION_VALIDATION_EVENT_TYPE = "Microsoft.EventGrid.SubscriptionValidationEvent";

export function subscriptionValidationEvent(options: {
  eventId: string;
  subscriptionTopic: string;
  validationCode: string;
  validationUrl: string;
  timeMs: number;
}) {
  return {
    id: options.eventId,
    topic: options.subscriptionTopic,
    subject: "",
    data: { validationCode: options.validationCode, validationUrl: options.validationUrl },
    eventType: SUBSCRIPTION_VALIDATION_EVENT_TYPE,
    eventTime: eventGridTime(options.timeMs),
    metadataVersion: "1",
    dataVersion: "1",
  };
}
