// Starts the whole system of `npm start` as separate processes on free 127.0.0.1 ports: Azurite, the ACS,
// Voice Live and Web PubSub emulators, the media worker and the functions dev host, each with its log in
// `logsDir`.
// Whatever happens, `stop()` ends every one of them.

import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type AcsAudioFormat, acsSampleRateHz } from "@acs-voice/shared";
import { AZURITE_ACCOUNT_KEY, AZURITE_ACCOUNT_NAME } from "../azurite/index.js";
import { type EmulatedAcs, mediaWorkerEnv, serviceEnv } from "../env/emulator-env.js";
import { findFreePort } from "../net/free-port.js";
import { azuriteTableArgs, waitForPort } from "./azurite-child.js";
import { readCallerWav } from "./caller-input.js";
import { type CallerPlan, messageOfType, type ReadyMessage } from "./ipc-messages.js";
import { ManagedProcess } from "./managed-process.js";

export interface OfflineSystemOptions {
  logsDir: string;
  format: AcsAudioFormat;
  scenarioFile: string;
  /** The caller's audio: this WAV, or synthesised from the scenario's caller lines. */
  callerWavFile?: string;
  /** Copy every child's output to the console (`--verbose`). */
  echoLogs?: boolean;
  /** Voice Live emulator: reply audio this many times faster than real time (its default: 4). */
  voiceLiveAudioSpeed?: number;
  /**
   * Two Voice Live resources for the worker's pool, the first refusing new connections with 429 (its
   * connection quota spent), so the pool's failover and its per-resource summary can be seen.
   */
  throttleVoiceLive?: boolean;
  startTimeoutMs?: number;
  /** A child exited before `stop()`: the run has failed. */
  onUnexpectedExit?: (process: ManagedProcess, code: number | null) => void;
  /** Told as each piece comes up, for the progress display. */
  onStarted?: (name: string) => void;
  /** Every process started is pushed here at once, so the caller can stop them even mid-start. */
  started?: ManagedProcess[];
  /** Aborting stops the start-up before the next process is spawned. */
  signal?: AbortSignal;
}

export type CallerAudio = CallerPlan & { samples: Int16Array };

export interface OfflineSystem {
  readonly processes: readonly ManagedProcess[];
  readonly acs: ManagedProcess;
  readonly voiceLive: ManagedProcess;
  readonly acsInfo: Record<string, string>;
  /** What the caller says (the ring hands it to the ACS emulator's media client). */
  readonly caller: CallerAudio;
  readonly voiceLiveInfo: Record<string, string>;
  /** http://127.0.0.1:N/api/incomingCall: where Event Grid delivers. */
  readonly incomingCallUrl: string;
  readonly functionsUrl: string;
  /** The live monitor page, with its local access token. */
  readonly monitorUrl: string;
  /** ws://127.0.0.1:N/media */
  readonly mediaWorkerUrl: string;
  readonly azuriteConnectionString: string;
  logFileOf(name: string): string;
  stop(): Promise<void>;
}

/** The process names, which are also the log file names (`logs/<name>.log`). */
export const PROCESS_NAMES = {
  azurite: "azurite",
  acs: "acs-emulator",
  voiceLive: "voicelive-emulator",
  webPubSub: "webpubsub-emulator",
  worker: "media-worker",
  functions: "functions",
} as const;

// Children always run built code (local/dist/cli, whose wrappers load media-worker/dist and Azurite), from
// both local/dist/runner (npm start) and local/src/runner (tests).
const cliDir = fileURLToPath(new URL("../../dist/cli/", import.meta.url));

const LOCAL_STOP_GRACE_MS = 4000;

/** Starts the children that only need ports: Azurite and the two emulators. */
export async function startEmulators(
  options: Omit<OfflineSystemOptions, "format"> & { callerFormat?: AcsAudioFormat },
  started: ManagedProcess[],
): Promise<{
  caller: CallerAudio | undefined;
  azurite: ManagedProcess;
  azuriteConnectionString: string;
  acs: ManagedProcess;
  acsInfo: Record<string, string>;
  voiceLive: ManagedProcess;
  voiceLiveInfo: Record<string, string>;
  webPubSub: ManagedProcess;
  webPubSubInfo: Record<string, string>;
}> {
  const timeoutMs = options.startTimeoutMs ?? 20_000;
  // A bad --caller file fails before anything is started.
  const wavCaller =
    options.callerWavFile && options.callerFormat
      ? readCallerWav(options.callerWavFile, acsSampleRateHz(options.callerFormat))
      : undefined;
  const spawn = (
    name: string,
    modulePath: string,
    env: Record<string, string | undefined>,
    args?: string[],
    cwd?: string,
  ) => {
    options.signal?.throwIfAborted();
    const child = new ManagedProcess({
      name,
      modulePath,
      ...(args ? { args } : {}),
      env: { ...baseEnv(), ...env },
      logFile: join(options.logsDir, `${name}.log`),
      echo: options.echoLogs ?? false,
      stopGraceMs: LOCAL_STOP_GRACE_MS,
      serialization: "advanced",
      ...(cwd ? { cwd } : {}),
    });
    started.push(child);
    void child.exit.then((code) => child.stopping || options.onUnexpectedExit?.(child, code));
    return child;
  };

  const azuritePort = await findFreePort();
  const azurite = spawn(
    PROCESS_NAMES.azurite,
    join(cliDir, "azurite-process.js"),
    {},
    azuriteTableArgs(azuritePort),
    options.logsDir /* whatever Azurite writes beside its data lands with the logs, not in the repo */,
  );
  const acs = spawn(PROCESS_NAMES.acs, join(cliDir, "acs-emulator-process.js"), {});
  const voiceLive = spawn(PROCESS_NAMES.voiceLive, join(cliDir, "voicelive-emulator-process.js"), {
    SCENARIO_FILE: options.scenarioFile,
    VOICE_LIVE_AUDIO_SPEED: options.voiceLiveAudioSpeed?.toString(),
    VOICE_LIVE_THROTTLE: options.throttleVoiceLive ? "1" : undefined,
    CALLER_FORMAT: options.callerWavFile ? undefined : options.callerFormat,
  });

  const webPubSub = spawn(PROCESS_NAMES.webPubSub, join(cliDir, "webpubsub-emulator-process.js"), {});

  const [acsReady, voiceLiveReady, webPubSubReady] = await Promise.all([
    waitReady(acs, timeoutMs).then(tell(options, acs)),
    waitReady(voiceLive, timeoutMs).then(tell(options, voiceLive)),
    waitReady(webPubSub, timeoutMs).then(tell(options, webPubSub)),
    waitForPort(azuritePort, timeoutMs, azurite).then(tell(options, azurite)),
  ]);
  const tableUrl = `http://127.0.0.1:${azuritePort}/${AZURITE_ACCOUNT_NAME}`;
  const caller = wavCaller ?? voiceLiveReady.caller;
  return {
    caller: caller && {
      samples: caller.samples,
      sampleRateHz: caller.sampleRateHz,
      durationMs: (caller.samples.length * 1000) / caller.sampleRateHz,
      utterances: caller.utterances,
    },
    azurite,
    azuriteConnectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT_NAME};AccountKey=${AZURITE_ACCOUNT_KEY};TableEndpoint=${tableUrl};`,
    acs,
    acsInfo: acsReady.info,
    voiceLive,
    voiceLiveInfo: voiceLiveReady.info,
    webPubSub,
    webPubSubInfo: webPubSubReady.info,
  };
}

export async function startOfflineSystem(options: OfflineSystemOptions): Promise<OfflineSystem> {
  const started: ManagedProcess[] = options.started ?? [];
  const stop = () => stopAll(started);
  try {
    const emulators = await startEmulators({ ...options, callerFormat: options.format }, started);
    const { acsInfo, voiceLiveInfo, caller } = emulators;
    if (!caller) throw new Error("the Voice Live emulator prepared no caller audio");
    const timeoutMs = options.startTimeoutMs ?? 20_000;
    // Callbacks reach the worker that owns the call, and supervisor actions reach it, over Web PubSub.
    const services = {
      acs: acsOf(acsInfo),
      audioFormat: options.format,
      webPubSub: { connectionString: reported(emulators.webPubSubInfo, "connectionString") },
    };
    const voiceLiveUrl = reported(voiceLiveInfo, "url");
    const voiceLiveApiKey = reported(voiceLiveInfo, "apiKey");
    const monitorToken = randomBytes(18).toString("base64url");

    options.signal?.throwIfAborted();
    const worker = new ManagedProcess({
      name: PROCESS_NAMES.worker,
      modulePath: join(cliDir, "media-worker-process.js"),
      env: {
        ...baseEnv(),
        ...mediaWorkerEnv({
          ...services,
          voiceLive: voiceLiveInfo.throttledUrl
            ? {
                // The throttled resource first and preferred: the call meets its 429, then goes on.
                endpoints: `throttled=${voiceLiveInfo.throttledUrl};weight=5,spare=${voiceLiveUrl}`,
                apiKey: voiceLiveApiKey,
              }
            : { url: voiceLiveUrl, apiKey: voiceLiveApiKey },
          // The worker keeps its per-turn call records in the same Azurite as the functions app.
          tables: { connectionString: emulators.azuriteConnectionString },
        }),
        PORT: "0",
        WORKER_ID: "worker-1",
        // A local run stops in seconds, never waiting on a call (Azure's default is minutes).
        DRAIN_GRACE_MS: "1000",
      },
      logFile: join(options.logsDir, `${PROCESS_NAMES.worker}.log`),
      echo: options.echoLogs ?? false,
      stopGraceMs: LOCAL_STOP_GRACE_MS,
    });
    started.push(worker);
    void worker.exit.then((code) => worker.stopping || options.onUnexpectedExit?.(worker, code));
    const listening = await worker.waitForMessage(isWorkerListening, timeoutMs);
    options.onStarted?.(worker.name);
    const mediaWorkerUrl = `ws://127.0.0.1:${listening.port}/media`;

    const functionsPort = await findFreePort();
    // The key of the function routes (as Azure's function keys); Event Grid's URL carries it.
    const functionKey = randomBytes(24).toString("base64url");
    const functionsUrl = `http://127.0.0.1:${functionsPort}`;
    options.signal?.throwIfAborted();
    const functions = new ManagedProcess({
      name: PROCESS_NAMES.functions,
      modulePath: join(cliDir, "functions-host-process.js"),
      env: {
        ...baseEnv(),
        ...serviceEnv(services),
        PORT: String(functionsPort),
        MEDIA_WORKER_URL: mediaWorkerUrl,
        CALLBACK_BASE_URL: functionsUrl,
        AzureWebJobsStorage: emulators.azuriteConnectionString,
        MONITOR_TOKEN: monitorToken,
        FUNCTIONS_LOCAL_KEY: functionKey,
      },
      logFile: join(options.logsDir, `${PROCESS_NAMES.functions}.log`),
      echo: options.echoLogs ?? false,
      stopGraceMs: LOCAL_STOP_GRACE_MS,
      serialization: "advanced",
    });
    started.push(functions);
    void functions.exit.then((code) => functions.stopping || options.onUnexpectedExit?.(functions, code));
    await waitReady(functions, timeoutMs);
    options.onStarted?.(functions.name);

    return {
      processes: started,
      acs: emulators.acs,
      voiceLive: emulators.voiceLive,
      acsInfo,
      caller,
      voiceLiveInfo,
      incomingCallUrl: `${functionsUrl}/api/incomingCall?code=${functionKey}`,
      functionsUrl,
      monitorUrl: `${functionsUrl}/api/monitor?token=${monitorToken}`,
      mediaWorkerUrl,
      azuriteConnectionString: emulators.azuriteConnectionString,
      logFileOf: (name) => join(options.logsDir, `${name}.log`),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Stops every process (all at once: each has its own SIGTERM → SIGKILL deadline). */
export async function stopAll(processes: readonly ManagedProcess[]): Promise<void> {
  await Promise.all(processes.map((p) => p.stop()));
}

/** A child did not come up; `logFile` tells why. */
export class ChildStartError extends Error {
  override readonly name = "ChildStartError";
  constructor(
    message: string,
    readonly logFile: string,
  ) {
    super(message);
  }
}

function waitReady(child: ManagedProcess, timeoutMs: number): Promise<ReadyMessage> {
  const failed = child.waitForMessage(messageOfType("failed"), timeoutMs).then((message) => {
    throw new ChildStartError(`${child.name} failed to start: ${message.message}`, child.logFile);
  });
  failed.catch(() => {}); // only the race's loser: the ready message may come first
  return Promise.race([
    child.waitForMessage(messageOfType("ready"), timeoutMs).catch((error: unknown) => {
      throw new ChildStartError(error instanceof Error ? error.message : String(error), child.logFile);
    }),
    failed,
  ]);
}

function tell<T>(options: Pick<OfflineSystemOptions, "onStarted">, child: ManagedProcess) {
  return (value: T): T => {
    options.onStarted?.(child.name);
    return value;
  };
}

function isWorkerListening(message: unknown): message is { type: "media-worker-listening"; port: number } {
  return (
    typeof message === "object" &&
    message !== null &&
    (message as { type?: unknown }).type === "media-worker-listening" &&
    typeof (message as { port?: unknown }).port === "number"
  );
}

/** What the children inherit: what Node needs on each OS, never the runner's own (Azure) settings. */
const INHERITED_ENV = ["PATH", "HOME", "NODE_OPTIONS", "TMPDIR", "TEMP", "TMP", "SystemRoot", "USERPROFILE"];

function baseEnv(): Record<string, string | undefined> {
  return Object.fromEntries(INHERITED_ENV.map((name) => [name, process.env[name]]));
}

/** A value an emulator process reported when it was ready. */
function reported(info: Readonly<Record<string, string>>, key: string): string {
  const value = info[key];
  if (value === undefined) throw new Error(`an emulator did not report its ${key}`);
  return value;
}

function acsOf(info: Readonly<Record<string, string>>): EmulatedAcs {
  return {
    connectionString: reported(info, "connectionString"),
    resourceId: reported(info, "resourceId"),
    issuer: reported(info, "issuer"),
    jwksUrl: reported(info, "jwksUrl"),
  };
}
