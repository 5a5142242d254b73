// The media worker's entry point: the only module that reads the environment or listens.

import { createAcsTokenVerifier, errorLabel, systemClock } from "@acs-voice/shared";
import { parseWorkerConfig } from "./config.js";
import { startWorkerServices } from "./control-plane/worker-services.js";
import { createLogger } from "./logger.js";
import { createMediaServer } from "./server/media-server.js";
import type { WorkerEnv } from "./settings-schema.js";
import { startCallTelemetry } from "./telemetry/azure-monitor.js";
import { noCallTelemetry } from "./telemetry/call-telemetry.js";
import { withCallTelemetry } from "./telemetry/call-telemetry-hooks.js";
import { logSigningKeysEvent } from "./telemetry/signing-keys-log.js";

/** Every setting read below is declared in settings-schema.ts (WorkerEnv names them). */
const env: WorkerEnv = process.env;
const result = parseWorkerConfig(env);
if (!result.ok) {
  process.stderr.write(
    `media-worker: invalid configuration:\n${result.problems.map((problem) => `  - ${problem}`).join("\n")}\n`,
  );
  process.exit(1);
}
const { config } = result;
const logger = createLogger(config.logLevel);
// Application Insights when APPLICATIONINSIGHTS_CONNECTION_STRING is set; a no-op otherwise.
const telemetry = startCallTelemetry(env, logger);
// App Configuration (run-time settings) and the Web PubSub control plane, each when configured.
const started = await startWorkerServices(config, env, logger, systemClock);
if (!started.ok) {
  process.stderr.write(
    `media-worker: invalid configuration:\n${started.problems.map((problem) => `  - ${problem}`).join("\n")}\n`,
  );
  process.exit(1);
}
const services = started.services;
const media = createMediaServer({
  config,
  logger,
  // The server's default verifier, plus the log line when the ACS key endpoint fails or recovers.
  verifyAcsToken: createAcsTokenVerifier({
    audience: config.acs.audience,
    issuer: config.acs.issuer,
    jwksUrl: config.acs.jwksUrl,
    onKeysEvent: logSigningKeysEvent(logger),
  }),
  ...services.deps,
  ...(telemetry === noCallTelemetry
    ? {}
    : { ...withCallTelemetry(telemetry, services.deps), mediaTiming: telemetry.mediaTiming }),
});

// Per endpoint: connections, refusals, tokens, time out of rotation (the workbook's "Voice Live endpoints").
telemetry.observeVoiceLivePool(() => media.voiceLive.stats());

media.server.listen(config.port, () => {
  const address = media.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  logger.info(
    {
      port,
      acsAudioFormat: config.acs.audioFormat,
      voiceLiveAuth: config.voiceLive.apiKey ? "api-key" : "entra-id",
      maxConcurrentCalls: config.limits.maxConcurrentCalls,
    },
    "media worker listening",
  );
  // A parent process (the local runner) learns the port without parsing logs.
  process.send?.({ type: "media-worker-listening", port });
});

// For soak runs (local/src/soak), which check that ended calls leave no socket, handle or timer behind:
// only with MEDIA_WORKER_DEBUG_STATS=1 and an IPC channel does the worker answer "debug-stats".
if (env.MEDIA_WORKER_DEBUG_STATS === "1" && process.send) {
  process.on("message", (message: { type?: unknown } | null) => {
    if (message?.type !== "debug-stats") return;
    const resources: Record<string, number> = {};
    for (const kind of process.getActiveResourcesInfo()) resources[kind] = (resources[kind] ?? 0) + 1;
    const memory = process.memoryUsage();
    process.send?.({
      type: "media-worker-debug-stats",
      activeCalls: media.activeCalls,
      resources,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
    });
  });
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    // A second signal: the operator does not want to wait for the calls.
    logger.warn({ signal }, "second signal: ending running calls now");
    await media.close();
    process.exit(0);
  }
  stopping = true;
  logger.info({ signal }, "shutting down: no new calls, running calls continue");
  await media.drain();
  await media.close();
  await services.close();
  await telemetry.shutdown().catch(() => {});
  logger.info("media worker stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
// One call's stray promise must not end every call on this replica: log it (name only) and carry on.
process.on("unhandledRejection", (reason) => {
  logger.error({ err: errorLabel(reason) }, "unhandled rejection");
});
process.on("uncaughtException", (error) => {
  // The frames make a crash fixable; the message line is left out, since a library's message can carry a
  // URL with a query string or a response body.
  const frames = error.stack?.split("\n").slice(1).join("\n");
  logger.fatal({ err: errorLabel(error), stack: frames }, "uncaught exception; exiting");
  process.exit(1);
});
