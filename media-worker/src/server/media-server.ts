import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { hostname } from "node:os";
import type { Duplex } from "node:stream";
import {
  type AcsTokenVerifier,
  acsSampleRateHz,
  type CallAutomationEventInput,
  type Clock,
  createAcsTokenVerifier,
  type DestinationPolicy,
  errorLabel,
  parseDestinationPolicy,
  systemClock,
} from "@acs-voice/shared";
import { DefaultAzureCredential } from "@azure/identity";
import { WebSocketServer } from "ws";
import { AcsMediaSocket } from "../acs/acs-media-socket.js";
import { type CallControl, createCallControl } from "../acs/call-control.js";
import { type AuditLog, createTableAuditLog } from "../audit/audit-log.js";
import type { WorkerConfig } from "../config.js";
import { type Logger, silentLogger } from "../logger.js";
import { type CallRecordStore, createTableCallRecordStore } from "../records/call-record-store.js";
import { CallRecordWriter } from "../records/call-record-writer.js";
import type { CallMetrics } from "../session/call-metrics.js";
import type { CallFeatures } from "../session/call-session.js";
import { type CallIds, CallSession, type CallSummary } from "../session/call-session.js";
import { FramePool } from "../session/frame-pool.js";
import type { MediaTiming } from "../telemetry/call-telemetry.js";
import { type CallTicketLookup, createTableCallTicketLookup } from "../tickets/call-ticket-lookup.js";
import { customTools, enabledTools } from "../tools/registry.js";
import type { Tool } from "../tools/tool.js";
import { createTableUsageLedger } from "../voicelive/table-usage-ledger.js";
import { localUsageLedger, type UsageLedger } from "../voicelive/usage-ledger.js";
import { apiKeyAuth, tokenCredentialAuth, type VoiceLiveAuth } from "../voicelive/voice-live-auth.js";
import { VoiceLiveConnection, type VoiceLiveSocketFactory } from "../voicelive/voice-live-connection.js";
import { VoiceLivePool } from "../voicelive/voice-live-pool.js";
import type { RoutedEndpoint } from "../voicelive/voice-live-route.js";
import { BusyLine } from "./busy-line.js";
import { MediaAdmission, parseMediaPath } from "./media-admission.js";

export { MEDIA_PATH } from "./media-admission.js";

const STATUS_TEXT = {
  401: "Unauthorized",
  404: "Not Found",
  409: "Conflict",
  503: "Service Unavailable",
} as const;
/**
 * ACS sends ~1.3 KB JSON frames (20 ms of 24 kHz audio); 256 KiB rejects anything absurd without
 * touching legitimate traffic.
 */
export const ACS_MAX_PAYLOAD_BYTES = 256 * 1024;
/** Dead media sockets (a vanished ACS edge) are found within two intervals. */
const DEFAULT_ACS_HEARTBEAT_INTERVAL_MS = 20_000;

export interface MediaServerDeps {
  config: WorkerConfig;
  logger?: Logger;
  clock?: Clock;
  /** Checks the ACS JWT on the upgrade; built from `config.acs` by default. */
  verifyAcsToken?: AcsTokenVerifier;
  /** The calls' tickets; from `config.callTickets` by default, `null` for none (tickets not checked). */
  callTickets?: CallTicketLookup | null;
  /** Where transfer attempts are audited; the data tables by default, `null` for none. */
  audit?: AuditLog | null;
  /**
   * Voice Live credentials for every endpoint; by default each endpoint's API key (or VOICE_LIVE_API_KEY),
   * else Microsoft Entra ID (DefaultAzureCredential).
   */
  voiceLiveAuth?: VoiceLiveAuth;
  /**
   * Where the replicas share what they used of each Voice Live endpoint; by default the app's data tables
   * when the worker reaches them, else this replica alone.
   */
  voiceLiveLedger?: UsageLedger;
  /** This replica's name in the shared ledger; host name and process id by default. */
  replicaId?: string;
  createVoiceLiveSocket?: VoiceLiveSocketFactory;
  /** Hangs calls up; from the ACS connection string or endpoint by default, `null` for none. */
  callControl?: CallControl | null;
  onCallEnded?: (summary: CallSummary) => void;
  /**
   * The configuration for the next call (App Configuration refreshed at run time); `config` when absent.
   * Only conversation and call-control settings are taken per call; the rest stays as at startup.
   */
  configForCall?: () => WorkerConfig;
  /** Runs for each new call before it starts: subscribe to its events, keep it for supervisor actions. */
  onCallStarted?: (session: CallSession) => void;
  /** Samples inbound frame and barge-in handling times (telemetry); none by default, at no cost. */
  mediaTiming?: MediaTiming;
  /** Call records; from `config.callRecords` by default, `null` for none. */
  callRecords?: CallRecordStore | null;
  /** Custom tools offered on every call; tools/registry.ts `customTools` by default. */
  tools?: readonly Tool[];
  /** Wall-clock ms (records, `expires_at`); Date.now by default. */
  wallClock?: () => number;
  acsHeartbeatIntervalMs?: number;
  voiceLiveHeartbeatIntervalMs?: number;
  voiceLiveRetryDelayMs?: number;
}

export interface CallSnapshot {
  ids: CallIds;
  metrics: CallMetrics;
}

export interface MediaServer {
  /** Not listening yet: `main.ts` (or a test) calls `server.listen`. */
  readonly server: Server;
  /** The Voice Live endpoints, their budgets and health (telemetry reads its stats). */
  readonly voiceLive: VoiceLivePool;
  readonly activeCalls: number;
  readonly draining: boolean;
  calls(): CallSnapshot[];
  /** The running call with this ACS call connection id (for supervisor actions). */
  session(callConnectionId: string): CallSession | undefined;
  /** Routes a Call Automation event to its call; false when no running call has that id. */
  onCallAutomationEvent(event: CallAutomationEventInput): boolean;
  /**
   * Stops taking calls (/readyz answers 503, upgrades 503), lets running calls finish, and after
   * `graceMs` hangs up the rest. Resolves when no call is left.
   */
  drain(graceMs?: number): Promise<void>;
  /** Ends every call at once and closes the server. */
  close(): Promise<void>;
}

/**
 * The media worker as an http.Server: health endpoints, and the ACS media WebSocket on `/media`, where
 * each verified connection becomes one CallSession bridged to its own Voice Live session.
 */
export function createMediaServer(deps: MediaServerDeps): MediaServer {
  const { config } = deps;
  const logger = deps.logger ?? silentLogger();
  const clock = deps.clock ?? systemClock;
  const { mediaTiming } = deps;
  const verify =
    deps.verifyAcsToken ??
    createAcsTokenVerifier({
      audience: config.acs.audience,
      issuer: config.acs.issuer,
      jwksUrl: config.acs.jwksUrl,
    });
  const pool = voiceLivePool(config, deps, clock, logger);
  const callControl =
    deps.callControl === undefined ? defaultCallControl(config) : (deps.callControl ?? undefined);

  const sessions = new Set<CallSession>();
  /** The bot audio's frame buffers, recycled across this worker's calls. */
  const framePool = new FramePool();
  /** Calls turned away while every Voice Live endpoint is out of budget (a few seconds each). */
  const busyLines = new Set<BusyLine>();
  const featuresFor = (callConfig: WorkerConfig): CallFeatures => ({
    tools: enabledTools(
      callConfig.callControl.tools,
      deps.tools ?? customTools,
      callConfig.callControl.transfer.ringTimeoutMs,
    ),
    toolTimeoutMs: callConfig.callControl.tools.timeoutMs,
    toolFillerAfterMs: callConfig.callControl.tools.fillerAfterMs,
    transferMessage: callConfig.callControl.tools.transferMessage,
    dtmf: callConfig.callControl.dtmf,
    timeouts: callConfig.callControl.timeouts,
    renewal: config.renewal,
    transfer: callConfig.callControl.transfer,
    mediaResumeGraceMs: callConfig.callControl.mediaResumeGraceMs,
    destinations: destinationsFor(callConfig),
  });
  const startupFeatures = featuresFor(config);
  const recordStore =
    deps.callRecords === undefined
      ? config.callRecords && createTableCallRecordStore(config.callRecords)
      : (deps.callRecords ?? undefined);
  const recordWriter = recordStore
    ? new CallRecordWriter({
        store: recordStore,
        prices: config.callRecords?.prices ?? DEFAULT_PRICES,
        logger,
        ...(deps.wallClock ? { wallClock: deps.wallClock } : {}),
      })
    : undefined;
  logger.info(
    { callRecords: recordWriter ? (config.callRecords?.table ?? "custom store") : "off" },
    recordWriter
      ? "call records on"
      : "call records off (set CALL_RECORDS_CONNECTION_STRING or STORAGE_TABLE_ENDPOINT)",
  );
  const findSession = (callConnectionId: string) =>
    [...sessions].find((s) => s.ids.callConnectionId === callConnectionId);
  /** Places taken by upgrades admitted as new calls, until their call runs. */
  let reserved = 0;
  /** Running calls by their ticket: one live media connection each. */
  const byTicket = new Map<string, CallSession>();
  const auditTarget = config.callTickets?.target ?? config.callRecords?.target;
  const audit =
    deps.audit === undefined ? auditTarget && createTableAuditLog(auditTarget) : (deps.audit ?? undefined);
  const ticketLookup =
    deps.callTickets === undefined
      ? config.callTickets && createTableCallTicketLookup(config.callTickets.target)
      : (deps.callTickets ?? undefined);
  const accepting = (): { ok: true } | { ok: false; reason: "draining" | "at-capacity" } => {
    if (draining) return { ok: false, reason: "draining" };
    // A busy line holds a media socket too (for a few seconds): a flood of them is bounded like calls.
    if (sessions.size + busyLines.size + reserved >= config.limits.maxConcurrentCalls)
      return { ok: false, reason: "at-capacity" };
    return { ok: true };
  };
  const admitter = new MediaAdmission({
    verify,
    tickets: ticketLookup,
    clock,
    running: (key) => {
      const session =
        "ticket" in key
          ? byTicket.get(key.ticket)
          : (() => {
              const found = findSession(key.callConnectionId);
              return found?.ids.correlationId === key.correlationId ? found : undefined;
            })();
      return session?.isEnded === false ? session : undefined;
    },
    accepting,
    reserve: () => {
      if (!accepting().ok) return undefined;
      reserved++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        reserved--;
      };
    },
  });
  let draining = false;
  const drainWaiters: (() => void)[] = [];
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: ACS_MAX_PAYLOAD_BYTES,
    perMessageDeflate: false,
  });

  const server = createServer((request, response) => {
    handleHttp(request, response);
  });
  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    handleUpgrade(request, socket, head).catch((error: unknown) => {
      logger.error({ err: errorLabel(error) }, "media upgrade failed");
      refuse(socket, 500, "Internal Server Error");
    });
  });

  function handleHttp(request: IncomingMessage, response: ServerResponse): void {
    const [status, body] = route(request);
    json(response, status, body);
  }

  function route(request: IncomingMessage): [number, unknown] {
    const path = pathOf(request);
    if (request.method === "GET" && path === "/healthz") return [200, { status: "ok" }];
    if (request.method === "GET" && path === "/readyz") {
      if (draining) return [503, { status: "draining" }];
      if (sessions.size >= config.limits.maxConcurrentCalls) return [503, { status: "full" }];
      return [200, { status: "ready", activeCalls: sessions.size }];
    }
    if (parseMediaPath(request.url)) return [426, { error: "WebSocket upgrade required" }];
    return [404, { error: "not found" }];
  }

  async function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on("error", () => {});
    const admission = await admitter.admit(request);
    if (admission.kind === "refuse") {
      if (admission.status === 503)
        logger.warn({ activeCalls: sessions.size, reason: admission.reason }, "call refused");
      else if (admission.status !== 404)
        logger.warn({ reason: admission.reason }, "media connection refused");
      const challenge = admission.status === 401 ? 'WWW-Authenticate: Bearer realm="media"\r\n' : "";
      return refuse(socket, admission.status, STATUS_TEXT[admission.status], challenge);
    }
    // Where the call's model runs: one round trip to the shared budgets at most. None: all lines busy.
    const endpoint = admission.kind === "start" ? await pool.next("call") : undefined;
    if (socket.destroyed) {
      if (admission.kind === "start") admission.release();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      if (admission.kind === "resume") {
        const running = admission.session;
        running.resumeMedia(acsSocket(ws, () => running));
        return;
      }
      try {
        if (endpoint) startCall(ws, admission, endpoint);
        else startBusyLine(ws, admission);
      } catch (error) {
        // E.g. a per-call configuration that cannot be built: this call fails, the worker and its calls go on.
        logger.error({ err: errorLabel(error) }, "call could not start");
        ws.close(1011, "internal error");
      } finally {
        admission.release();
      }
    });
  }

  /** Wraps an accepted ACS socket; its messages, close and missed heartbeats go to the call's session. */
  function acsSocket(ws: import("ws").WebSocket, sessionOf: () => CallSession | undefined): AcsMediaSocket {
    const acs: AcsMediaSocket = new AcsMediaSocket(ws, {
      clock,
      heartbeatIntervalMs: deps.acsHeartbeatIntervalMs ?? DEFAULT_ACS_HEARTBEAT_INTERVAL_MS,
      onMessage: (data) => {
        const session = sessionOf();
        if (!mediaTiming?.sampleFrame()) return session?.onAcsMessage(data);
        // The handler is synchronous: decode, resample and the append to Voice Live happen inside it.
        const startedAtMs = clock.now();
        session?.onAcsMessage(data);
        mediaTiming.frameProcessed((clock.now() - startedAtMs) * 1000);
      },
      onClose: (code) => sessionOf()?.onAcsClosed(code, acs),
      onHeartbeatMissed: () => {
        logger.warn(
          { callConnectionId: sessionOf()?.ids.callConnectionId },
          "ACS heartbeat missed; dropping the media socket",
        );
        sessionOf()?.mediaLost("heartbeat-missed", acs);
      },
    });
    return acs;
  }

  /** The busy signal (or the fallback transfer) for a call no Voice Live endpoint has budget for. */
  function startBusyLine(
    ws: import("ws").WebSocket,
    admitted: { callConnectionId: string | undefined },
  ): void {
    const callLogger = logger.child({ callConnectionId: admitted.callConnectionId });
    let line: BusyLine | undefined;
    const acs = new AcsMediaSocket(ws, {
      clock,
      heartbeatIntervalMs: deps.acsHeartbeatIntervalMs ?? DEFAULT_ACS_HEARTBEAT_INTERVAL_MS,
      onMessage: () => {},
      onClose: () => line?.acsClosed(),
    });
    const busy: BusyLine = new BusyLine({
      acs,
      acsHz: acsSampleRateHz(config.acs.audioFormat),
      callConnectionId: admitted.callConnectionId,
      callControl,
      transferTo: config.busyTransferNumber,
      sourceCallerId: config.callControl.transfer.sourceCallerId,
      audit,
      clock,
      logger: callLogger,
      leadMs: config.limits.pacingLeadMs,
      onDone: () => busyLines.delete(busy),
    });
    line = busy;
    busyLines.add(busy);
    busy.start();
  }

  function startCall(
    ws: import("ws").WebSocket,
    admitted: {
      callConnectionId: string | undefined;
      correlationId: string | undefined;
      ticket: string | undefined;
    },
    endpoint: RoutedEndpoint,
  ): void {
    const ids: CallIds = {
      callId: randomUUID(),
      callConnectionId: admitted.callConnectionId,
      correlationId: admitted.correlationId,
    };
    const callLogger = logger.child(ids);
    let session: CallSession | undefined;
    const acs = acsSocket(ws, () => session);
    const voiceLive = new VoiceLiveConnection({
      route: pool,
      initialEndpoint: endpoint,
      requestId: ids.callId,
      clock,
      logger: callLogger,
      ...(deps.createVoiceLiveSocket ? { createSocket: deps.createVoiceLiveSocket } : {}),
      ...(deps.voiceLiveHeartbeatIntervalMs
        ? { heartbeatIntervalMs: deps.voiceLiveHeartbeatIntervalMs }
        : {}),
      ...(deps.voiceLiveRetryDelayMs !== undefined ? { retryDelayMs: deps.voiceLiveRetryDelayMs } : {}),
      maxReconnectAttempts: config.renewal.maxReconnectAttempts,
      connectPatienceMs: config.renewal.connectPatienceMs,
      handlers: {
        opened: (reconnected) => session?.onVoiceLiveOpened(reconnected),
        event: (event) => {
          if (!mediaTiming || !session || event.type !== "input_audio_buffer.speech_started") {
            return session?.onVoiceLiveEvent(event);
          }
          // A barge-in sends StopAudio synchronously while handling speech_started.
          const bargeInsBefore = session.metrics.bargeIns;
          const startedAtMs = clock.now();
          session.onVoiceLiveEvent(event);
          if (session.metrics.bargeIns > bargeInsBefore)
            mediaTiming.bargeInStopped(clock.now() - startedAtMs);
        },
        badMessage: (kind) => session?.onVoiceLiveBadMessage(kind),
        lost: () => session?.onVoiceLiveLost(),
        renewed: () => session?.onVoiceLiveRenewed(),
        failed: () => session?.onVoiceLiveFailed(),
      },
    });
    const callConfig = deps.configForCall?.() ?? config;
    const call = new CallSession({
      ids,
      settings: {
        systemPrompt: callConfig.conversation.systemPrompt,
        voiceName: callConfig.conversation.voiceName,
        transcriptionModel: callConfig.conversation.transcriptionModel,
        greeting: callConfig.conversation.greeting,
        vad: callConfig.conversation.vad,
        acsAudioFormat: config.acs.audioFormat,
        modelSampleRateHz: config.voiceLive.sampleRateHz,
        pacingLeadMs: config.limits.pacingLeadMs,
        features: callConfig === config ? startupFeatures : featuresFor(callConfig),
      },
      acs,
      voiceLive,
      clock,
      logger: callLogger,
      callControl,
      audit,
      framePool,
      ...(deps.wallClock ? { wallClock: deps.wallClock } : {}),
      onEnded: (summary) => {
        sessions.delete(call);
        if (admitted.ticket !== undefined && byTicket.get(admitted.ticket) === call)
          byTicket.delete(admitted.ticket);
        try {
          deps.onCallEnded?.(summary);
        } catch (error) {
          callLogger.warn({ err: errorLabel(error) }, "onCallEnded failed");
        }
        if (pool.size > 1) logEndpoints(pool, logger);
        if (sessions.size === 0) for (const wake of drainWaiters.splice(0)) wake();
      },
    });
    session = call;
    sessions.add(call);
    if (admitted.ticket !== undefined) byTicket.set(admitted.ticket, call);
    recordWriter?.attach(call);
    try {
      deps.onCallStarted?.(call);
    } catch (error) {
      callLogger.warn({ err: errorLabel(error) }, "onCallStarted failed");
    }
    call.start();
  }

  function allEnded(): Promise<void> {
    if (sessions.size === 0) return Promise.resolve();
    return new Promise((resolve) => drainWaiters.push(resolve));
  }

  return {
    server,
    voiceLive: pool,
    get activeCalls() {
      return sessions.size;
    },
    get draining() {
      return draining;
    },
    calls: () => [...sessions].map((s) => ({ ids: s.ids, metrics: s.metricsSnapshot() })),
    session: findSession,
    onCallAutomationEvent(event) {
      const target = findSession(event.callConnectionId);
      target?.onCallAutomationEvent(event);
      return target !== undefined;
    },
    async drain(graceMs = config.limits.drainGraceMs) {
      draining = true;
      logger.info({ activeCalls: sessions.size, graceMs }, "draining");
      let timer: ReturnType<Clock["setTimeout"]> | undefined;
      const graceOver = new Promise<"grace-over">((resolve) => {
        timer = clock.setTimeout(() => resolve("grace-over"), graceMs);
      });
      const outcome = await Promise.race([allEnded(), graceOver]);
      clock.clearTimeout(timer);
      if (outcome === "grace-over") {
        logger.warn({ activeCalls: sessions.size }, "drain grace period over; hanging up remaining calls");
        await Promise.all([...sessions].map((s) => s.hangUp("shutdown")));
      }
    },
    async close() {
      draining = true;
      for (const s of [...sessions]) s.end("server-closed");
      for (const line of [...busyLines]) line.close();
      pool.close();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * The pool of the configured endpoints, each with its credentials, sharing its budgets through the app's
 * data tables when the worker reaches them (the tables of the call tickets, else of the call records).
 */
function voiceLivePool(
  config: WorkerConfig,
  deps: MediaServerDeps,
  clock: Clock,
  logger: Logger,
): VoiceLivePool {
  let entraId: VoiceLiveAuth | undefined;
  const authFor = (apiKey: string | undefined): VoiceLiveAuth => {
    if (deps.voiceLiveAuth) return deps.voiceLiveAuth;
    if (apiKey) return apiKeyAuth(apiKey);
    // One credential for every resource: the token's audience is Voice Live, not one resource.
    entraId ??= tokenCredentialAuth(new DefaultAzureCredential());
    return entraId;
  };
  const wallClock = deps.wallClock ?? Date.now;
  const target = config.callTickets?.target ?? config.callRecords?.target;
  const ledger =
    deps.voiceLiveLedger ??
    (target
      ? createTableUsageLedger({
          target,
          replicaId: deps.replicaId ?? `${hostname()}-${process.pid}`,
          clock,
          wallClock,
        })
      : localUsageLedger);
  logger.info(
    {
      endpoints: config.voiceLive.endpoints.map((endpoint) => endpoint.name),
      budgets: ledger.shared ? "shared" : "this replica only",
    },
    "voice live endpoints",
  );
  return new VoiceLivePool({
    endpoints: config.voiceLive.endpoints.map((endpoint) => ({
      ...endpoint,
      auth: authFor(endpoint.apiKey),
    })),
    ledger,
    clock,
    wallClock,
    logger,
    tokensPerCallMinute: config.voiceLive.tokensPerCallMinute,
    patienceMs: config.renewal.connectPatienceMs,
  });
}

/** Each endpoint's counters after a call, for `npm start`'s summary and for whoever reads the logs. */
function logEndpoints(pool: VoiceLivePool, logger: Logger): void {
  const stats = pool.stats();
  logger.info(
    {
      endpoints: stats.endpoints.map((endpoint) => ({
        name: endpoint.name,
        connections: endpoint.connections,
        attempts: endpoint.attempts,
        refusals: Object.values(endpoint.refusals).reduce((sum, n) => sum + n, 0),
        tokens: endpoint.tokens,
        outOfRotationMs: endpoint.outOfRotationMs,
        inRotation: endpoint.inRotation,
      })),
      callsTurnedAway: stats.callsTurnedAway,
    },
    "voice live endpoint stats",
  );
}

/** ALLOWED_DESTINATIONS and this call's transfer number (App Configuration may change it at run time). */
function destinationsFor(callConfig: WorkerConfig): DestinationPolicy {
  const { transferNumber } = callConfig.callControl.tools;
  const parsed = parseDestinationPolicy(
    callConfig.callControl.allowedDestinations,
    transferNumber === undefined ? [] : [transferNumber],
  );
  // Checked at startup; a list that no longer parses allows nothing rather than anything.
  return parsed.ok ? parsed.policy : { exact: new Set(), prefixes: [] };
}

/** gpt-realtime list prices (USD per million tokens) when a custom store comes without config. */
const DEFAULT_PRICES = { inputText: 4, inputAudio: 32, cachedInput: 0.4, outputText: 16, outputAudio: 64 };

function defaultCallControl(config: WorkerConfig): CallControl | undefined {
  if (config.acs.connectionString)
    return createCallControl({ connectionString: config.acs.connectionString });
  if (config.acs.endpoint) {
    return createCallControl({ endpoint: config.acs.endpoint, credential: new DefaultAzureCredential() });
  }
  return undefined;
}

function pathOf(request: IncomingMessage): string {
  try {
    return new URL(request.url ?? "/", "http://worker").pathname;
  } catch {
    return "";
  }
}

function refuse(socket: Duplex, status: number, text: string, extraHeaders = ""): void {
  if (socket.destroyed) return;
  socket.once("finish", () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n${extraHeaders}\r\n`);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}
