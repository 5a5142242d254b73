// Child process: the media worker exactly as deployed (media-worker/dist/main.js, configured by its
// environment), plus what the runner asks of every child: when the runner is gone (its IPC channel
// closes), so are the emulators its calls ran on, and there is nothing to drain for. The worker gets the
// SIGTERM it would have sent, then a second one, which ends its calls at once (as an operator's second
// signal does) instead of waiting for hang-ups that no ACS will answer; and if even that outlives the
// children's stop deadline, it exits anyway.
import { exitAfterStopDeadline } from "../runner/child-runtime.js";

process.once("disconnect", () => {
  exitAfterStopDeadline("media-worker");
  process.kill(process.pid, "SIGTERM");
  // Two signals sent together may arrive as one.
  setTimeout(() => process.kill(process.pid, "SIGTERM"), 200).unref();
});
await import(new URL("../../../media-worker/dist/main.js", import.meta.url).href);
