// Child process: the Voice Live emulator on a free 127.0.0.1 port, playing the scenario given by
// SCENARIO_FILE (default local/scenarios/default.json). Reports its URL with "ready", streams live events
// about the conversation, and sends the conversation itself when asked.
// With VOICE_LIVE_THROTTLE=1 a second emulator stands for a resource at its connection quota: it refuses
// every new connection with 429 and a Retry-After (its URL is reported as throttledUrl).
// With CALLER_FORMAT set it also synthesises the caller's side of the scenario before "ready": the bot's
// replies, whose lengths time the caller's lines, have just been voiced here, so this costs little.

import { acsSampleRateHz, parseAcsAudioFormat } from "@acs-voice/shared";
import { synthesiseCaller } from "../runner/caller-input.js";
import { closeOnShutdown, failStartup, onRunnerControl, sendToRunner } from "../runner/child-runtime.js";
import type { ReadyMessage } from "../runner/ipc-messages.js";
import { summariseConversation, watchVoiceLive } from "../runner/voicelive-feed.js";
import { loadScenarioFile, startVoiceLiveEmulator, type VoiceLiveEmulator } from "../voicelive/index.js";

const NAME = "voicelive-emulator";

let emulator: VoiceLiveEmulator;
let throttled: VoiceLiveEmulator | undefined;
let caller: ReadyMessage["caller"];
try {
  const scenario = loadScenarioFile(process.env.SCENARIO_FILE || undefined);
  const audioSpeed = Number(process.env.VOICE_LIVE_AUDIO_SPEED ?? "");
  const callerFormat = parseAcsAudioFormat(process.env.CALLER_FORMAT);
  emulator = await startVoiceLiveEmulator({
    scenario,
    // The worker asks for model audio at the call's rate: voice the replies at that rate up front.
    ...(callerFormat ? { warmUpRatesHz: [acsSampleRateHz(callerFormat)] } : {}),
    ...(Number.isFinite(audioSpeed) && audioSpeed > 0 ? { audioSpeed } : {}),
    ...(process.env.VOICE_LIVE_API_KEY ? { apiKey: process.env.VOICE_LIVE_API_KEY } : {}),
  });
  if (process.env.VOICE_LIVE_THROTTLE === "1") {
    throttled = await startVoiceLiveEmulator({
      scenario,
      quota: { connectionsPerMinute: 0 },
      // It never speaks: no voice to prepare.
      synthesize: () => new Int16Array(0),
      warmUpRatesHz: [],
      ...(process.env.VOICE_LIVE_API_KEY ? { apiKey: process.env.VOICE_LIVE_API_KEY } : {}),
    });
  }
  if (callerFormat) {
    const input = synthesiseCaller(scenario, acsSampleRateHz(callerFormat));
    caller = {
      samples: input.samples,
      sampleRateHz: input.sampleRateHz,
      durationMs: (input.samples.length * 1000) / input.sampleRateHz,
      utterances: input.utterances,
    };
  }
} catch (error) {
  failStartup(NAME, error);
}

const stopFeed = watchVoiceLive(emulator, {
  emit: (event, atEpochMs) => sendToRunner({ type: "live", atEpochMs, event }),
});

onRunnerControl((message) => {
  if (message.type === "send-conversation") {
    sendToRunner({ type: "conversation", items: summariseConversation(emulator) });
  }
});

closeOnShutdown(NAME, async () => {
  stopFeed();
  await emulator.close();
  await throttled?.close();
});

console.error(`${NAME}: listening on ${emulator.url}`);
sendToRunner({
  type: "ready",
  info: {
    url: emulator.url,
    apiKey: emulator.apiKey,
    ...(throttled ? { throttledUrl: throttled.url } : {}),
  },
  ...(caller ? { caller } : {}),
});
