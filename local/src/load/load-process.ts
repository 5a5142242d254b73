// The load generator as its own process (`node local/dist/load/load-process.js`, forked with IPC): it
// serves the Voice Live side for the worker under test and plays the callers, one run per "run" command.
import type { LoadCommand, LoadReport } from "./load-messages.js";
import { runLoad } from "./load-run.js";
import { startVoiceLivePeer, VOICE_LIVE_PEER_KEY } from "./voice-live-peer.js";
import { checkWireTexts } from "./wire.js";

function report(message: LoadReport): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  checkWireTexts();
  const peer = await startVoiceLivePeer();
  let busy = false;
  process.on("message", (command: LoadCommand) => {
    if (command.type === "exit") {
      void peer.close().then(() => process.exit(0));
      return;
    }
    if (command.type !== "run" || busy) return;
    busy = true;
    runLoad(command.options, peer)
      .then((result) => report({ type: "load-result", result }))
      .catch((error: unknown) =>
        report({ type: "load-failed", message: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => {
        busy = false;
      });
  });
  process.on("disconnect", () => void peer.close().then(() => process.exit(0)));
  report({ type: "load-ready", voiceLiveUrl: peer.url, voiceLiveApiKey: VOICE_LIVE_PEER_KEY });
}

main().catch((error: unknown) => {
  report({ type: "load-failed", message: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
});
