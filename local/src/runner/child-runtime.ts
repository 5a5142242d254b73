// The common part of the emulator child processes: talk to the runner over IPC, and shut down
// cleanly on SIGTERM/SIGINT or when the runner goes away (its IPC channel closes), so no emulator
// outlives the run.

import { type ChildMessage, type ControlMessage, isControlMessage } from "./ipc-messages.js";

export function sendToRunner(message: ChildMessage): void {
  if (process.send && process.connected) process.send(message);
}

export function onRunnerControl(handler: (message: ControlMessage) => void | Promise<void>): void {
  process.on("message", (message: unknown) => {
    if (!isControlMessage(message)) return;
    Promise.resolve(handler(message)).catch((error: unknown) => {
      sendToRunner({ type: "failed", message: describeError(error) });
    });
  });
}

/** How long a child may take to close before it exits anyway: a close waiting on a peer that is gone must not keep it alive. */
export const CHILD_STOP_DEADLINE_MS = 4000;

/** Exits with code 1 after CHILD_STOP_DEADLINE_MS unless the process has exited by then. */
export function exitAfterStopDeadline(name: string): void {
  setTimeout(() => {
    console.error(`${name}: still stopping after ${CHILD_STOP_DEADLINE_MS} ms, exiting`);
    process.exit(1);
  }, CHILD_STOP_DEADLINE_MS).unref();
}

/**
 * Runs `close` once on the first of SIGTERM, SIGINT or the runner disconnecting, then exits 0
 * (1 if closing failed or outlived CHILD_STOP_DEADLINE_MS).
 */
export function closeOnShutdown(name: string, close: () => Promise<void>): void {
  let closing = false;
  const shutdown = (why: string) => {
    if (closing) return;
    closing = true;
    console.error(`${name}: stopping (${why})`);
    exitAfterStopDeadline(name);
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`${name}: error while stopping: ${describeError(error)}`);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("disconnect", () => shutdown("runner gone"));
}

/** Start-up failed: tell the runner why (no payloads, just the message), then exit 1. */
export function failStartup(name: string, error: unknown): never {
  const message = describeError(error);
  console.error(`${name}: failed to start: ${message}`);
  sendToRunner({ type: "failed", message });
  process.exit(1);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
