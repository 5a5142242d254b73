// `npm run emulators`: Azurite and the ACS and Voice Live emulators on free 127.0.0.1 ports, standalone,
// each in its own process; prints their URLs and the settings that point the functions app and the
// media worker at them. With `--ring URL` each Enter rings that IncomingCall webhook (the caller speaks
// the scenario's lines). Runs until Ctrl-C.

import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { isChildMessage } from "../runner/ipc-messages.js";
import { LiveCallState } from "../runner/live-call-state.js";
import { createLiveView } from "../runner/live-view.js";
import type { ManagedProcess } from "../runner/managed-process.js";
import { startEmulators, stopAll } from "../runner/offline-system.js";
import { defaultScenarioPath } from "../voicelive/index.js";

const { values } = parseArgs({
  options: {
    ring: { type: "string" },
    scenario: { type: "string" },
    format: { type: "string" },
    verbose: { type: "boolean" },
  },
});
const format = values.format === "16k" ? "pcm16KMono" : "pcm24KMono";
const logsDir = resolve("out/emulators/logs");
mkdirSync(logsDir, { recursive: true });

const started: ManagedProcess[] = [];
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  await stopAll(started);
  process.exit(code);
};
process.once("SIGINT", () => void stop(0));
process.once("SIGTERM", () => void stop(0));

let emulators: Awaited<ReturnType<typeof startEmulators>>;
try {
  emulators = await startEmulators(
    {
      logsDir,
      scenarioFile: values.scenario ?? defaultScenarioPath(),
      echoLogs: values.verbose ?? false,
      ...(values.ring ? { callerFormat: format } : {}),
      onUnexpectedExit: (child, code) => {
        if (stopping) return;
        console.error(`${child.name} exited (code ${code}); see ${logsDir}/${child.name}.log`);
        void stop(1);
      },
    },
    started,
  );
} catch (error) {
  console.error(`Could not start the emulators: ${error instanceof Error ? error.message : String(error)}`);
  await stop(1);
  process.exit(1);
}

const acs = emulators.acsInfo;
const voiceLive = emulators.voiceLiveInfo;
console.log(`ACS emulator         ${acs.url}   (Call Automation REST, Event Grid, callbacks, JWKS)`);
console.log(`Voice Live emulator  ${voiceLive.url}/voice-live/realtime   (api key ${voiceLive.apiKey})`);
console.log(
  `Web PubSub emulator  ${emulators.webPubSubInfo.url}   (hub "calls": callbacks, supervisor actions, monitor)`,
);
console.log(
  `Azurite (Table)      ${emulators.azuriteConnectionString.match(/TableEndpoint=([^;]+)/)?.[1] ?? ""}`,
);
console.log(`Logs                 ${logsDir}`);
console.log(`
Settings for the functions app (npm run functions:local) and the media worker:
  ACS_CONNECTION_STRING=${acs.connectionString}
  ACS_AUDIENCE=${acs.resourceId}
  ACS_ISSUER=${acs.issuer}
  ACS_JWKS_URL=${acs.jwksUrl}
  ACS_AUDIO_FORMAT=${format}
  AzureWebJobsStorage=${emulators.azuriteConnectionString}
  VOICE_LIVE_ENDPOINT=${voiceLive.url}
  VOICE_LIVE_API_KEY=${voiceLive.apiKey}
  WEB_PUBSUB_CONNECTION_STRING=${emulators.webPubSubInfo.connectionString}
  WEB_PUBSUB_HUB=calls
  MEDIA_WORKER_URL=ws://127.0.0.1:8080/media
  CALLBACK_BASE_URL=http://127.0.0.1:7071
`);

// What happens on calls, one line per event (the same events `npm start` shows).
const state = new LiveCallState(Date.now());
const view = createLiveView({ out: process.stdout, interactive: false, color: false, title: "" });
for (const child of [emulators.acs, emulators.voiceLive]) {
  child.onMessage((message) => {
    if (!isChildMessage(message)) return;
    if (message.type === "live") {
      state.apply(message);
      view.event(message, state);
    } else if (message.type === "failed") {
      console.error(`${child.name}: ${message.message}`);
    }
  });
}

const caller = emulators.caller;
if (values.ring && caller) {
  const webhookUrl = values.ring;
  console.log(`Press Enter to ring ${webhookUrl} (Ctrl-C to stop).`);
  createInterface({ input: process.stdin }).on("line", () => {
    console.log(`Ringing ${webhookUrl}…`);
    emulators.acs.send({ type: "ring", webhookUrl, caller: caller.samples });
  });
} else {
  console.log("Running until Ctrl-C. (--ring http://127.0.0.1:7071/api/incomingCall rings a call on Enter.)");
}
