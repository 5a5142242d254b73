// The Web PubSub server SDK client for the control hub: key auth from a connection string (local
// emulator, or keys), otherwise managed identity.
import { DefaultAzureCredential } from "@azure/identity";
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import type { WebPubSubAccess } from "./control-plane-settings.js";

export function createWebPubSubService(access: WebPubSubAccess, hub: string): WebPubSubServiceClient {
  // Plain http is accepted by the settings only on loopback (the emulator); the SDK needs the opt-in.
  const options = { allowInsecureConnection: access.endpoint.protocol === "http:" };
  return access.kind === "connection-string"
    ? new WebPubSubServiceClient(access.connectionString, hub, options)
    : new WebPubSubServiceClient(access.endpoint.origin, new DefaultAzureCredential(), hub, options);
}
