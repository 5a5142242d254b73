// The Web PubSub emulator: REST for `@azure/web-pubsub`, WebSocket clients for `@azure/web-pubsub-client`.
export {
  type ClientTokenRequest,
  MAX_WEBPUBSUB_RECORDS,
  startWebPubSubEmulator,
  type WebPubSubConnectionInfo,
  type WebPubSubEmulator,
  type WebPubSubEmulatorOptions,
  type WebPubSubGroupInfo,
  type WebPubSubRecord,
} from "./emulator.js";
