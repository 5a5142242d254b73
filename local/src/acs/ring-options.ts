// What a test (or `npm start`) says about an incoming call it wants the emulated ACS to ring.
import type { DeliveryResult, EventGridSchema, HandshakeResult } from "./event-grid-delivery.js";
import type { MediaLegDefaults } from "./media-defaults.js";
import type { MediaTokenKind } from "./token-issuer.js";

export interface RingOptions {
  /** The application's IncomingCall webhook (the Event Grid subscription endpoint). */
  webhookUrl: string;
  /** Event Grid delivery schema of the subscription; default "EventGrid". */
  schema?: EventGridSchema;
  /** Caller: E.164 number (`+14255550123`) or raw id (`4:+1…`, `8:acs:…`); default a 555 number. */
  from?: string;
  /** Called number or identity; default a 555 number. */
  to?: string;
  callerDisplayName?: string;
  /** SIP / VoIP custom headers, delivered as `data.customContext` (omitted when not given, as on PSTN). */
  customContext?: { sipHeaders?: Record<string, string>; voipHeaders?: Record<string, string> };
  /** Deliver the same event (same id) twice, one after the other or both at once. Default "none". */
  duplicate?: "none" | "sequential" | "concurrent";
  /** Retry delays after a failed attempt; default the emulator's `eventGridRetryScheduleMs`. */
  retryScheduleMs?: number[];
  /**
   * The validation handshake happens when a subscription is created, i.e. once per webhook URL and schema
   * ("once", default); "always" repeats it for this ring, "skip" delivers without it.
   */
  handshake?: "once" | "always" | "skip";
  /** Event Grid custom delivery properties (static headers, e.g. a shared secret). */
  deliveryHeaders?: Record<string, string>;
  /** The media leg presents this kind of token (or none), to test the worker's refusal end to end. */
  mediaToken?: MediaTokenKind;
  /** Media client options for this call (e.g. the caller's audio), over the emulator's defaults. */
  media?: Partial<MediaLegDefaults>;
}

export interface RingResult {
  eventId: string;
  incomingCallContext: string;
  serverCallId: string;
  correlationId: string;
  /** The event object as delivered (the array element for the EventGrid schema). */
  event: unknown;
  /** Undefined when no handshake was made for this ring. */
  handshake: HandshakeResult | undefined;
  /** One entry per delivery (two for duplicates); empty when the handshake failed. */
  deliveries: DeliveryResult[];
}
