// The Voice Live emulator: `ws://127.0.0.1:N/voice-live/realtime`, bound to loopback on a free port.
// Upgrades are authenticated (401 otherwise, with the Azure error body), every accepted socket
// becomes an EmulatedVoiceLiveSession that speaks the service's protocol from a scenario.

import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { WebSocketServer } from "ws";
import { prepareSpeechSynthesis, synthesizeSpeech, warmUpSpeech } from "../tts/index.js";
import type { FaultPlan } from "./fault-plan.js";
import { type IdFactory, randomId } from "./ids.js";
import type { ReceivedMessage, SentEvent } from "./recording.js";
import { type QuotaLimits, ResourceQuota } from "./resource-quota.js";
import { type Scenario, scenarioTexts } from "./scenario.js";
import { EmulatedVoiceLiveSession, type SessionIdentity } from "./session.js";
import { type Clock, systemClock, systemTimers, type Timers } from "./timers.js";
import { checkUpgradeAuth } from "./upgrade-auth.js";

export const VOICE_LIVE_PATH = "/voice-live/realtime";
/** 15 MiB of audio per append (the documented limit) is 20 MiB of base64, plus the JSON around it. */
export const MAX_CLIENT_MESSAGE_BYTES = 21 * 1024 * 1024;
const MAX_REJECTED_RECORDED = 1000;

export interface VoiceLiveEmulatorOptions {
  /** Key accepted in the `api-key` header or query; default "local-dev-key". */
  apiKey?: string;
  /** Bearer tokens accepted (`Authorization: Bearer ...`): "any" non-empty token (default) or a list. */
  acceptedBearerTokens?: "any" | readonly string[];
  scenario?: Scenario;
  faults?: FaultPlan;
  /** Reply audio is produced this many times faster than real time; default 4. */
  audioSpeed?: number;
  /** Audio per response.audio.delta; default 100 ms. */
  chunkMs?: number;
  /** Model latency before the first output of a response; default 150 ms. */
  responseLatencyMs?: number;
  /** Session lifetime reported in expires_at and enforced (error session_expired + close 1001); default 60 min, the documented Voice Live maximum. */
  sessionLifetimeMs?: number;
  /** Upper bound of recorded messages and events per session and direction; default 200 000. */
  maxRecordedPerSession?: number;
  /** Upper bound of sessions kept for inspection (oldest closed ones are dropped); default 1000. */
  maxSessions?: number;
  clock?: Clock;
  timers?: Timers;
  ids?: IdFactory;
  /** Speech synthesiser for replies; default the local TTS. */
  synthesize?: (text: string, sampleRateHz: number) => Int16Array;
  /**
   * Output rates at which the scenario's replies are synthesised before the emulator (or a new
   * scenario) is ready, so no reply waits for the TTS; default [24000] (pcm16). [] disables.
   */
  warmUpRatesHz?: readonly number[];
  /**
   * The resource's quotas (S0: 30 new connections and 120,000 tokens a minute): connections above the
   * rate are refused with 429 and Retry-After, responses while the tokens are spent fail. Default: none.
   */
  quota?: QuotaLimits;
}

export interface VoiceLiveEmulator {
  /** http://127.0.0.1:N (clients use path /voice-live/realtime; the SDK maps http to ws). */
  readonly url: string;
  /** ws://127.0.0.1:N/voice-live/realtime */
  readonly realtimeUrl: string;
  readonly apiKey: string;
  readonly sessions: EmulatedVoiceLiveSession[];
  /** Every client message of every session, in arrival order. */
  readonly received: readonly ReceivedMessage[];
  /** Upgrade attempts that were refused (status and reason, never the credential). */
  readonly rejectedUpgrades: ReadonlyArray<{ status: number; reason: string; path: string }>;
  /** Applies to sessions opened from now on. */
  setScenario(s: Scenario): void;
  /** Applies at once, to open sessions too (their timed faults restart from now). */
  setFaults(f: FaultPlan): void;
  /** Applies at once; what was counted so far still counts. */
  setQuota(limits: QuotaLimits): void;
  waitForSession(timeoutMs?: number): Promise<EmulatedVoiceLiveSession>;
  /** All events sent, optionally of one session. */
  sentEvents(sessionId?: string): SentEvent[];
  close(): Promise<void>;
}

const UNAUTHORIZED_BODY = JSON.stringify({
  error: {
    code: "401",
    message:
      "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
  },
});

const STATUS_TEXT = { 401: "Unauthorized", 404: "Not Found", 429: "Too Many Requests" } as const;

function tooManyRequestsBody(retryAfterSec: number): string {
  return JSON.stringify({
    error: {
      code: "429",
      message: `Requests to the realtime endpoint have exceeded the rate limit of your resource. Please retry after ${retryAfterSec} seconds.`,
    },
  });
}

export async function startVoiceLiveEmulator(
  options: VoiceLiveEmulatorOptions = {},
): Promise<VoiceLiveEmulator> {
  const apiKey = options.apiKey ?? "local-dev-key";
  let scenario: Scenario = options.scenario ?? { turns: [] };
  let faults: FaultPlan = options.faults ?? {};
  const sessions: EmulatedVoiceLiveSession[] = [];
  const rejectedUpgrades: Array<{ status: number; reason: string; path: string }> = [];
  const sessionWaiters = new Set<(s: EmulatedVoiceLiveSession) => void>();
  const maxSessions = options.maxSessions ?? 1000;
  const quota = new ResourceQuota(options.quota ?? {}, options.clock ?? systemClock);
  // Load the real speech engine and voice the script before the first reply needs it.
  const warmUpRatesHz = options.synthesize ? [] : (options.warmUpRatesHz ?? [24000]);
  if (!options.synthesize) await prepareSpeechSynthesis();
  await warmUpSpeech(scenarioTexts(scenario), warmUpRatesHz);

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_MESSAGE_BYTES,
    perMessageDeflate: false,
  });
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const status = path === VOICE_LIVE_PATH ? 426 : 404;
    response.writeHead(status, { "content-type": "application/json" });
    response.end(
      JSON.stringify({
        error: { code: String(status), message: status === 426 ? "Upgrade Required" : "Resource not found" },
      }),
    );
  });
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  const refuse = (
    socket: Socket,
    status: 401 | 404 | 429,
    body: string,
    reason: string,
    path: string,
    extraHeaders = "",
  ) => {
    if (rejectedUpgrades.length < MAX_REJECTED_RECORDED)
      rejectedUpgrades.push({ status, reason, path: path.slice(0, 200) });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extraHeaders}Connection: close\r\n\r\n${body}`,
    );
  };

  server.on("upgrade", (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname !== VOICE_LIVE_PATH) {
      refuse(
        socket,
        404,
        JSON.stringify({ error: { code: "404", message: "Resource not found" } }),
        "unknown path",
        url.pathname,
      );
      return;
    }
    const auth = checkUpgradeAuth(request.headers, url.searchParams, {
      apiKey,
      acceptedBearerTokens: options.acceptedBearerTokens ?? "any",
    });
    if (!auth.ok) {
      refuse(socket, 401, UNAUTHORIZED_BODY, auth.reason, url.pathname);
      return;
    }
    const admission = quota.admitConnection();
    if (!admission.ok) {
      refuse(
        socket,
        429,
        tooManyRequestsBody(admission.retryAfterSec),
        "connection-rate",
        url.pathname,
        `Retry-After: ${admission.retryAfterSec}\r\n`,
      );
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const session = new EmulatedVoiceLiveSession(ws, identityOf(url.searchParams), {
        scenario,
        faults: () => faults,
        audioSpeed: options.audioSpeed ?? 4,
        chunkMs: options.chunkMs ?? 100,
        responseLatencyMs: options.responseLatencyMs ?? 150,
        sessionLifetimeMs: options.sessionLifetimeMs ?? 60 * 60_000,
        maxRecorded: options.maxRecordedPerSession ?? 200_000,
        clock: options.clock ?? systemClock,
        timers: options.timers ?? systemTimers,
        ids: options.ids ?? randomId,
        synthesize: options.synthesize ?? synthesizeSpeech,
        quota,
      });
      sessions.push(session);
      if (sessions.length > maxSessions) {
        const oldestClosed = sessions.findIndex((s) => s.closed);
        if (oldestClosed >= 0) sessions.splice(oldestClosed, 1);
      }
      for (const waiter of [...sessionWaiters]) waiter(session);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    realtimeUrl: `ws://127.0.0.1:${port}${VOICE_LIVE_PATH}`,
    apiKey,
    sessions,
    get received() {
      return sessions.flatMap((s) => s.received).sort((a, b) => a.receivedAtMs - b.receivedAtMs);
    },
    rejectedUpgrades,
    setScenario(next) {
      scenario = next;
      // Best effort: a reply needed before this finishes is synthesised on demand.
      void warmUpSpeech(scenarioTexts(next), warmUpRatesHz);
    },
    setQuota(limits) {
      quota.setLimits(limits);
    },
    setFaults(next) {
      faults = next;
      for (const session of sessions) if (!session.closed) session.faultsChanged();
    },
    waitForSession(timeoutMs = 10_000) {
      const open = sessions.find((s) => !s.closed);
      if (open) return Promise.resolve(open);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          sessionWaiters.delete(waiter);
          reject(new Error(`no Voice Live session within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = (s: EmulatedVoiceLiveSession) => {
          clearTimeout(timer);
          sessionWaiters.delete(waiter);
          resolve(s);
        };
        sessionWaiters.add(waiter);
      });
    },
    sentEvents(sessionId) {
      return sessions
        .filter((s) => sessionId === undefined || s.id === sessionId)
        .flatMap((s) => [...s.sent]);
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Model or agent from the query; credentials never leave this function. */
function identityOf(params: URLSearchParams): SessionIdentity {
  const query: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key.toLowerCase() === "api-key" || key.toLowerCase() === "authorization") continue;
    query[key] = value;
  }
  const agentName = params.get("agent-name") ?? params.get("agent_id") ?? params.get("agent-id");
  const projectName =
    params.get("agent-project-name") ?? params.get("project_id") ?? params.get("project-name");
  const agentMode = agentName !== null || projectName !== null;
  return {
    model: params.get("model") ?? undefined,
    apiVersion: params.get("api-version") ?? undefined,
    query,
    agentMode,
    agentIncomplete: agentMode && (agentName === null || projectName === null),
  };
}
