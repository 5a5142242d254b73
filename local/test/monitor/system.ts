// The control-plane system in one process: Azurite, the ACS, Voice Live and Web PubSub emulators, N media
// workers (each with its control plane, as main.ts starts it) behind a round-robin TCP balancer, and the
// functions dev host with the monitor routes.
import { connect, createServer, type Server, type Socket } from "node:net";
import {
  createMediaServer,
  type MediaServer,
  parseWorkerConfig,
  silentLogger,
  startWorkerServices,
  type WorkerServices,
} from "@acs-voice/media-worker";
import { systemClock } from "@acs-voice/shared";
import { type AcsEmulator, startAcsEmulator } from "../../src/acs/index.js";
import { type Azurite, startAzurite } from "../../src/azurite/index.js";
import { mediaWorkerEnv, serviceEnv } from "../../src/env/emulator-env.js";
import { type FunctionsHost, startFunctionsHost } from "../../src/functions-host/index.js";
import { findFreePort } from "../../src/net/free-port.js";
import {
  buildCallerAudio,
  type Scenario,
  startVoiceLiveEmulator,
  type VoiceLiveEmulator,
} from "../../src/voicelive/index.js";
import { startWebPubSubEmulator, type WebPubSubEmulator } from "../../src/webpubsub/index.js";

export const MONITOR_TOKEN = "local-monitor-token-0123456789";

export interface ControlPlaneSystem {
  azurite: Azurite;
  wps: WebPubSubEmulator;
  voiceLive: VoiceLiveEmulator;
  acs: AcsEmulator;
  workers: MediaServer[];
  functions: FunctionsHost;
  close(): Promise<void>;
}

export interface SystemOptions {
  /** Worker settings over the system's. */
  workerEnv?: Record<string, string>;
  /** Functions settings over the system's. */
  functionsEnv?: Record<string, string>;
}

export async function startControlPlaneSystem(
  scenario: Scenario,
  workerCount = 1,
  options: SystemOptions = {},
): Promise<ControlPlaneSystem> {
  const cleanups: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    const caller = buildCallerAudio(scenario, 24_000, {
      greetingDelayMs: 600,
      replyDelayMs: 800,
      gapAfterReplyMs: 700,
    });
    const [azurite, wps, voiceLive] = await Promise.all([
      startAzurite(),
      startWebPubSubEmulator(),
      startVoiceLiveEmulator({ scenario }),
    ]);
    cleanups.push(
      () => azurite.close(),
      () => wps.close(),
      () => voiceLive.close(),
    );
    // No trailingSilenceMs: the caller stays on the line until someone hangs up.
    const acs = await startAcsEmulator({ mediaClient: { caller: caller.samples } });
    cleanups.push(() => acs.close());
    const emulated = { acs, audioFormat: "pcm24KMono", webPubSub: wps };

    const workers: MediaServer[] = [];
    const workerPorts: number[] = [];
    for (let i = 1; i <= workerCount; i++) {
      const env = {
        // The calls' tickets (and records) in the tables the functions app writes.
        ...mediaWorkerEnv({ ...emulated, voiceLive, tables: azurite }),
        PORT: "0",
        WORKER_ID: `worker-${i}`,
        ...options.workerEnv,
      };
      const parsed = parseWorkerConfig(env);
      if (!parsed.ok) throw new Error(parsed.problems.join("; "));
      const started = await startWorkerServices(parsed.config, env, silentLogger(), systemClock);
      if (!started.ok) throw new Error(started.problems.join("; "));
      const services: WorkerServices = started.services;
      const worker = createMediaServer({ config: parsed.config, ...services.deps });
      cleanups.push(
        () => services.close(),
        () => worker.close(),
      );
      workerPorts.push(await listen(worker.server));
      workers.push(worker);
    }
    const balancer = roundRobin(workerPorts);
    cleanups.push(() => new Promise((resolve) => balancer.close(resolve)));
    const balancerPort = await listen(balancer);

    const functionsPort = await findFreePort();
    const functions = await startFunctionsHost({
      port: functionsPort,
      logger: { info() {}, warn() {}, error() {} },
      env: {
        ...serviceEnv(emulated),
        MEDIA_WORKER_URL: `ws://127.0.0.1:${workerCount === 1 ? workerPorts[0] : balancerPort}/media`,
        CALLBACK_BASE_URL: `http://127.0.0.1:${functionsPort}`,
        AzureWebJobsStorage: azurite.connectionString,
        MONITOR_TOKEN,
        ...options.functionsEnv,
      },
    });
    cleanups.push(() => functions.close());
    return { azurite, wps, voiceLive, acs, workers, functions, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function listen(server: Server | import("node:http").Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return typeof address === "object" && address ? address.port : 0;
}

/** A TCP load balancer that sends each new connection to the next worker in turn (as a cloud ingress may). */
function roundRobin(ports: number[]): Server {
  let next = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const port = ports[next++ % ports.length] as number;
    const upstream = connect(port, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const close = server.close.bind(server);
  server.close = ((callback?: (error?: Error) => void) => {
    for (const s of sockets) s.destroy();
    return close(callback);
  }) as Server["close"];
  return server;
}

export async function postAction(functionsUrl: string, callConnectionId: string, action: unknown) {
  const response = await fetch(`${functionsUrl}/api/calls/${encodeURIComponent(callConnectionId)}/actions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${MONITOR_TOKEN}` },
    body: JSON.stringify(action),
  });
  return { status: response.status, json: (await response.json()) as unknown };
}
