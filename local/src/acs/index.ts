// The ACS emulator: Call Automation REST, Event Grid IncomingCall delivery, signed callbacks, JWKS.
export type { CallbackSendOptions, SentCallback } from "./callback-sender.js";
export type { CallEndReason, EmulatedCall, MediaStreamingSettings } from "./emulated-call.js";
export { type AcsEmulator, type AcsEmulatorOptions, startAcsEmulator } from "./emulator.js";
export type {
  DeliveryAttempt,
  DeliveryResult,
  EventGridSchema,
  HandshakeResult,
} from "./event-grid-delivery.js";
export type { MediaLegDefaults } from "./media-defaults.js";
export type { MediaLeg, MediaLegOptions, MediaLegStarter } from "./media-leg.js";
export type { CallConnectionState } from "./payloads/call-connection-properties.js";
export type { CallbackEvent, CallbackEventType, ResultInformation } from "./payloads/callback-events.js";
export type { RecordedRequest } from "./rest-server.js";
export type { RingOptions, RingResult } from "./ring-options.js";
export { ACS_CALLBACK_ISSUER, type MediaTokenKind, type TokenKind } from "./token-issuer.js";
export type { WebhookClient, WebhookRequest, WebhookResponse } from "./webhook-client.js";
