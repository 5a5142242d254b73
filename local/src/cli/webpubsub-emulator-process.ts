// Child process: the Web PubSub emulator on a free 127.0.0.1 port, carrying the control plane of the offline
// system (callbacks to the worker that owns the call, supervisor actions, the monitor page's live feed).

import { closeOnShutdown, failStartup, sendToRunner } from "../runner/child-runtime.js";
import { startWebPubSubEmulator, type WebPubSubEmulator } from "../webpubsub/index.js";

const NAME = "webpubsub-emulator";

let emulator: WebPubSubEmulator;
try {
  emulator = await startWebPubSubEmulator();
} catch (error) {
  failStartup(NAME, error);
}

closeOnShutdown(NAME, () => emulator.close());

console.error(`${NAME}: listening on ${emulator.url}`);
sendToRunner({ type: "ready", info: { url: emulator.url, connectionString: emulator.connectionString } });
