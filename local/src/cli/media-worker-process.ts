// Child process: the media worker exactly as deployed (media-worker/dist/main.js, configured by its
// environment), plus what the runner asks of every child: when the runner is gone (its IPC channel
// closes), the worker gets the SIGTERM it would have sent, and drains and stops on its own.
process.once("disconnect", () => process.kill(process.pid, "SIGTERM"));
await import(new URL("../../../media-worker/dist/main.js", import.meta.url).href);
