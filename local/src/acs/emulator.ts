// The ACS emulator: Call Automation REST (HMAC-verified) on 127.0.0.1, Event Grid delivery of
// IncomingCall, JWT-signed callbacks with a JWKS, and a media leg per streaming call.
import { randomBytes, randomUUID } from "node:crypto";
import { createHmacVerifier } from "../auth/hmac-verifier.js";
import { newServerCallId, randomIds } from "./call-ids.js";
import { CallRegistry } from "./call-registry.js";
import { CallbackSender } from "./callback-sender.js";
import { type EmulatedCall, EmulatedCallImpl } from "./emulated-call.js";
import { DEFAULT_RETRY_SCHEDULE_MS, EventGridDelivery } from "./event-grid-delivery.js";
import { identifierFromString, newBotIdentifier } from "./identifiers.js";
import { IncomingCallRinger } from "./incoming-call-ringer.js";
import type { MediaClientOptions } from "./media/index.js";
import { defaultMediaLegStarter, type MediaLegStarter } from "./media-leg.js";
import { createRestRouter } from "./rest-router.js";
import { type RecordedRequest, startRestServer } from "./rest-server.js";
import type { RingOptions, RingResult } from "./ring-options.js";
import { ACS_CALLBACK_ISSUER, type MediaTokenKind, TokenIssuer, type TokenKind } from "./token-issuer.js";
import { fetchWebhookClient, type WebhookClient } from "./webhook-client.js";

export interface AcsEmulatorOptions {
  /** base64; random by default. */
  accessKey?: string;
  /** Immutable resource id = JWT audience; random uuid by default. */
  resourceId?: string;
  /** Event Grid retry delays after a failed delivery; default [200, 1000] (Azure: 10 s, 30 s, 1 min, …). */
  eventGridRetryScheduleMs?: number[];
  /** Defaults for the media leg of answered calls (caller audio, clock). */
  mediaClient?: Partial<MediaClientOptions>;
  /** Starts media legs; default the media client module. `false`: streaming is reported but nobody dials. */
  startMediaClient?: MediaLegStarter | false;
  /** Numbers (E.164 or raw id) that fail as transfer targets and as createCall targets. */
  failingNumbers?: string[];
  /** How long a transfer target rings before it answers or fails; default 0 (real lines: 20-30 s). */
  transferRingMs?: number;
  /** How long a play lasts before PlayCompleted (a file source plays for its own length); default 200 ms. */
  playDurationMs?: number;
  /** Downloads a play's file source; default fetch with a 10 s timeout and a 10 MB bound. */
  fetchFile?: (url: string) => Promise<Uint8Array>;
  /** Delay between the answer response and CallConnected; default 10 ms. */
  connectDelayMs?: number;
  /** Delay before an outbound callee answers; default 50 ms. */
  outboundAnswerDelayMs?: number;
  /** The token media legs present (default "valid"); RingOptions.mediaToken overrides it per call. */
  mediaToken?: MediaTokenKind;
  /** Allowed x-ms-date skew; default 15 minutes as on Azure. */
  hmacMaxClockSkewMs?: number;
  webhookClient?: WebhookClient;
  now?: () => number;
  uuid?: () => string;
}

export interface AcsEmulator {
  /** http://127.0.0.1:N (no trailing slash). */
  readonly url: string;
  /** endpoint=http://127.0.0.1:N/;accesskey=… */
  readonly connectionString: string;
  readonly accessKey: string;
  /** The immutable resource id, i.e. the callback and media JWT audience. */
  readonly resourceId: string;
  readonly issuer: string;
  readonly jwksUrl: string;
  readonly openIdConfigurationUrl: string;
  /** Every REST request (bounded to the most recent MAX_RECORDED_REQUESTS). */
  readonly requests: RecordedRequest[];
  ringIncomingCall(options: RingOptions): Promise<RingResult>;
  /** The caller of a ringing call gives up: a later answer gets 200, then AnswerFailed 400/8528. */
  cancelIncomingCall(incomingCallContext: string): void;
  mintToken(kind?: TokenKind, lifetimeSec?: number): Promise<string>;
  /** Signs with a new key (new kid); the previous key stays in the JWKS. Returns the new kid. */
  rotateSigningKey(): Promise<string>;
  readonly signingKeyId: string;
  calls(): EmulatedCall[];
  waitForCall(predicate?: (call: EmulatedCall) => boolean, timeoutMs?: number): Promise<EmulatedCall>;
  close(): Promise<void>;
}

const SUBSCRIPTION_NAME = "ACS-INCOMING-CALL";

const MAX_PLAY_FILE_BYTES = 10 * 1024 * 1024;

/** As ACS fetches a play's file: a plain GET, bounded in time and size. */
async function fetchFile(url: string): Promise<Uint8Array> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > MAX_PLAY_FILE_BYTES) throw new Error("file too large");
  return bytes;
}

export async function startAcsEmulator(options: AcsEmulatorOptions = {}): Promise<AcsEmulator> {
  const now = options.now ?? Date.now;
  const uuid = options.uuid ?? randomUUID;
  const accessKey = options.accessKey ?? randomBytes(64).toString("base64");
  const resourceId = options.resourceId ?? uuid();
  const azureSubscriptionId = uuid();

  // Everything the emulator schedules or sends stops when it closes.
  const timers = new Set<NodeJS.Timeout>();
  const shutdown = new AbortController();
  const delay = (ms: number): Promise<void> =>
    shutdown.signal.aborted
      ? Promise.resolve()
      : new Promise((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, ms);
          timers.add(timer);
        });
  const baseClient = options.webhookClient ?? fetchWebhookClient;
  const client: WebhookClient = (request) =>
    shutdown.signal.aborted
      ? Promise.reject(new Error("the emulator is closed"))
      : baseClient({ ...request, signal: shutdown.signal });

  const tokens = await TokenIssuer.create({
    audience: resourceId,
    issuer: ACS_CALLBACK_ISSUER,
    now,
    newKid: uuid,
  });
  const registry = new CallRegistry();
  const sender = new CallbackSender({ tokens, client, now });
  const ringer = new IncomingCallRinger({
    registry,
    delivery: new EventGridDelivery({
      client,
      now,
      sleep: delay,
      uuid,
      subscriptionName: SUBSCRIPTION_NAME,
      subscriptionTopic: `/subscriptions/${azureSubscriptionId}`,
    }),
    uuid,
    now,
    resourceTopic: `/subscriptions/${azureSubscriptionId}/resourcegroups/acs-local/providers/microsoft.communication/communicationservices/acs-local-emulator`,
    retryScheduleMs: options.eventGridRetryScheduleMs ?? DEFAULT_RETRY_SCHEDULE_MS,
  });
  const mediaStarter: MediaLegStarter | undefined =
    options.startMediaClient === false ? undefined : (options.startMediaClient ?? defaultMediaLegStarter);
  const failingNumbers = new Set((options.failingNumbers ?? []).map((n) => identifierFromString(n).rawId));
  const botIdentity = newBotIdentifier(resourceId);
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };

  let baseUrl = ""; // known once listening; only read while serving requests
  const route = createRestRouter({
    registry,
    verifyHmac: createHmacVerifier({ accessKey, now, maxClockSkewMs: options.hmacMaxClockSkewMs }),
    jwks: () => tokens.jwks(),
    openIdConfiguration: () => ({
      issuer: tokens.issuer,
      jwks_uri: `${baseUrl}/calling/keys`,
      id_token_signing_alg_values_supported: ["RS256"],
      token_endpoint_auth_signing_alg_values_supported: ["RS256"],
    }),
    newCall: (init) =>
      new EmulatedCallImpl(
        {
          ...init,
          callConnectionId: uuid(),
          serverCallId: init.serverCallId ?? newServerCallId(randomIds),
          correlationId: init.correlationId ?? uuid(),
        },
        {
          sender,
          tokens,
          mediaStarter,
          mediaDefaults: { ...options.mediaClient },
          failingNumbers,
          transferRingMs: options.transferRingMs ?? 0,
          botIdentity,
          playDurationMs: options.playDurationMs ?? 200,
          fetchFile: options.fetchFile ?? fetchFile,
          now,
          delay,
          uuid,
          onChange: notify,
        },
      ),
    botIdentity,
    failingNumbers,
    connectDelayMs: options.connectDelayMs ?? 10,
    outboundAnswerDelayMs: options.outboundAnswerDelayMs ?? 50,
    delay,
    uuid,
    mediaToken: options.mediaToken ?? "valid",
  });
  const server = await startRestServer(route, now);
  baseUrl = server.url;

  function waitForCall(
    predicate: (call: EmulatedCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<EmulatedCall> {
    const find = () => registry.allConnections().find(predicate);
    const found = find();
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`no matching call within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        const call = find();
        if (!call) return;
        clearTimeout(timer);
        listeners.delete(check);
        resolve(call);
      };
      listeners.add(check);
    });
  }

  return {
    url: server.url,
    connectionString: `endpoint=${server.url}/;accesskey=${accessKey}`,
    accessKey,
    resourceId,
    issuer: tokens.issuer,
    jwksUrl: `${server.url}/calling/keys`,
    openIdConfigurationUrl: `${server.url}/calling/.well-known/acsopenidconfiguration`,
    requests: server.requests,
    ringIncomingCall: (ring) => ringer.ring(ring),
    cancelIncomingCall(incomingCallContext) {
      const ringing = registry.ringingByContext(incomingCallContext);
      if (ringing) ringing.cancelled = true;
    },
    mintToken: (kind, lifetimeSec) => tokens.mint(kind, lifetimeSec),
    rotateSigningKey: () => tokens.rotate(),
    get signingKeyId() {
      return tokens.kid;
    },
    calls: () => registry.allConnections(),
    waitForCall,
    async close() {
      if (shutdown.signal.aborted) return;
      shutdown.abort();
      for (const call of registry.allConnections()) call.shutdown();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      listeners.clear();
      await server.close();
    },
  };
}
