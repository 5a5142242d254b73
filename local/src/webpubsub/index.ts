// The Web PubSub emulator: REST for `@azure/web-pubsub`, WebSocket clients for `@azure/web-pubsub-client`.
// Point the server SDK at it with `new WebPubSubServiceClient(emulator.connectionString, hub,
// { allowInsecureConnection: true })` (plain http on 127.0.0.1); clients use the URL from
// `getClientAccessToken()` as on Azure.
export type { Schedule as WebPubSubSchedule } from "./client-endpoint.js";
export {
  type ClientTokenRequest as WebPubSubClientTokenRequest,
  MAX_WEBPUBSUB_RECORDS,
  startWebPubSubEmulator,
  type WebPubSubConnectionInfo,
  type WebPubSubEmulator,
  type WebPubSubEmulatorOptions,
  type WebPubSubGroupInfo,
  type WebPubSubRecord,
} from "./emulator.js";
