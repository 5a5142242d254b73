// The functions dev host: the Functions app's route table on node:http, configured by the same settings
// (env names) as in Azure. Used by `npm run functions:local`, `npm start` and the integration tests.
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import {
  type AppDependencies,
  createAppDependencies,
  createControlPlane,
  createJobs,
  createRoutes,
  InProcessCallEventSink,
  type Logger,
  loadControlPlaneSettings,
  loadSettings,
} from "@acs-voice/functions/app";
import { errorLabel } from "@acs-voice/shared";
import { createConsoleLogger } from "./console-logger.js";
import { createRouteServer } from "./route-server.js";

export interface FunctionsHostOptions {
  /** App settings, e.g. process.env; the same names as in Azure. */
  env: Readonly<Record<string, string | undefined>>;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  logger?: Logger;
  /**
   * The key every `function` route requires (`?code=` or `x-functions-key`), as Azure's function keys;
   * default FUNCTIONS_LOCAL_KEY from `env`, else a random one (printed by the CLIs).
   */
  functionKey?: string;
  /** Replace production pieces (tests: a fake clock, a short answer timeout…). */
  overrides?: Partial<Omit<AppDependencies, "settings">>;
}

export interface FunctionsHost {
  /** http://127.0.0.1:N (no trailing slash); routes are under /api. */
  readonly url: string;
  /** The key of the `function` routes (incomingCall, calls). */
  readonly functionKey: string;
  /** `${url}/api/incomingCall?code=<key>`: where Event Grid delivers, as the Azure subscription has it. */
  readonly incomingCallUrl: string;
  /**
   * Every verified callback event, for in-process listeners (the media worker in `npm start`). Empty when
   * WEB_PUBSUB_CONNECTION_STRING / WEB_PUBSUB_ENDPOINT is set: events then go to the call's Web PubSub group.
   */
  readonly events: InProcessCallEventSink;
  close(): Promise<void>;
}

/** Rejects with a `ConfigurationError` naming every missing or invalid setting. */
export async function startFunctionsHost(options: FunctionsHostOptions): Promise<FunctionsHost> {
  const settings = loadSettings(options.env);
  const controlPlane = createControlPlane(loadControlPlaneSettings(options.env));
  const events = new InProcessCallEventSink();
  const log = options.logger ?? createConsoleLogger("functions");
  const deps: AppDependencies = {
    ...createAppDependencies(settings, { events: controlPlane.events ?? events, controlPlane, log }),
    ...options.overrides,
  };
  const functionKey =
    options.functionKey ?? options.env.FUNCTIONS_LOCAL_KEY ?? randomBytes(24).toString("base64url");
  const server = createRouteServer(createRoutes(deps), log, functionKey);
  // The timer triggers of Azure, as intervals; a run still going when the next is due is not doubled.
  const timers = createJobs(deps).map((job) => {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      job
        .run({ log })
        .catch((error: unknown) =>
          log.error("job failed", {
            job: job.name,
            error: errorLabel(error),
          }),
        )
        .finally(() => {
          running = false;
        });
    }, job.everySeconds * 1000);
    timer.unref();
    return timer;
  });
  const host = options.host ?? "127.0.0.1";

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    functionKey,
    incomingCallUrl: `http://${host}:${port}/api/incomingCall?code=${encodeURIComponent(functionKey)}`,
    events,
    close() {
      for (const timer of timers) clearInterval(timer);
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
