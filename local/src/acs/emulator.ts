// The ACS emulator: Call Automation REST (HMAC-verified) on 127.0.0.1, Event Grid delivery of
// IncomingCall, JWT-signed callbacks with a JWKS, and a media leg per streaming call.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { newIncomingCallContext, newServerCallId, randomIds } from "./call-ids.js";
import { CallRegistry } from "./call-registry.js";
import { CallbackSender } from "./callback-sender.js";
import { type EmulatedCall, EmulatedCallImpl } from "./emulated-call.js";
import {
  DEFAULT_RETRY_SCHEDULE_MS,
  type DeliveryResult,
  EventGridDelivery,
  type HandshakeResult,
} from "./event-grid-delivery.js";
import { createHmacVerifier } from "./hmac-auth.js";
import { identifierFromString, newBotIdentifier } from "./identifiers.js";
import type { MediaClientOptions } from "./media/index.js";
import { defaultMediaLegStarter, type MediaLegStarter } from "./media-leg.js";
import { incomingCallCloudEvent, incomingCallEventGridEvent } from "./payloads/incoming-call.js";
import { createRestRouter, type RestResponse } from "./rest-router.js";
import type { RingOptions, RingResult } from "./ring-options.js";
import { ACS_CALLBACK_ISSUER, TokenIssuer, type TokenKind } from "./token-issuer.js";
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
  /** How long a play lasts before PlayCompleted; default 200 ms. */
  playDurationMs?: number;
  /** Delay between the answer response and CallConnected; default 10 ms. */
  connectDelayMs?: number;
  /** Delay before an outbound callee answers; default 50 ms. */
  outboundAnswerDelayMs?: number;
  /** Allowed x-ms-date skew; default 15 minutes as on Azure. */
  hmacMaxClockSkewMs?: number;
  webhookClient?: WebhookClient;
  now?: () => number;
  uuid?: () => string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body; undefined when empty or not JSON. */
  body: unknown;
  status: number;
  receivedAtMs: number;
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

export const MAX_RECORDED_REQUESTS = 10_000;
const MAX_REQUEST_BODY_BYTES = 1024 * 1024;
const DEFAULT_CALLER = "+14255550123";
const DEFAULT_CALLEE = "+18005550100";
const SUBSCRIPTION_NAME = "ACS-INCOMING-CALL";

export async function startAcsEmulator(options: AcsEmulatorOptions = {}): Promise<AcsEmulator> {
  const now = options.now ?? Date.now;
  const uuid = options.uuid ?? randomUUID;
  const accessKey = options.accessKey ?? randomBytes(64).toString("base64");
  const resourceId = options.resourceId ?? uuid();
  const azureSubscriptionId = uuid();
  const resourceTopic = `/subscriptions/${azureSubscriptionId}/resourcegroups/acs-local/providers/microsoft.communication/communicationservices/acs-local-emulator`;

  const timers = new Set<NodeJS.Timeout>();
  const shutdown = new AbortController();
  let closed = false;
  const delay = (ms: number): Promise<void> =>
    closed
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
    closed
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
  const delivery = new EventGridDelivery({
    client,
    now,
    sleep: delay,
    uuid,
    subscriptionName: SUBSCRIPTION_NAME,
    subscriptionTopic: `/subscriptions/${azureSubscriptionId}`,
  });
  const mediaStarter: MediaLegStarter | undefined =
    options.startMediaClient === false ? undefined : (options.startMediaClient ?? defaultMediaLegStarter);
  const failingNumbers = new Set((options.failingNumbers ?? []).map((n) => identifierFromString(n).rawId));
  const botIdentity = newBotIdentifier(resourceId);
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };

  const requests: RecordedRequest[] = [];
  let url = "";
  const jwksUrl = () => `${url}/calling/keys`;

  const route = createRestRouter({
    registry,
    verifyHmac: createHmacVerifier({ accessKey, now, maxClockSkewMs: options.hmacMaxClockSkewMs }),
    jwks: () => tokens.jwks(),
    openIdConfiguration: () => ({
      issuer: tokens.issuer,
      jwks_uri: jwksUrl(),
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
          botIdentity,
          playDurationMs: options.playDurationMs ?? 200,
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
  });

  const server: Server = createServer((req, res) => {
    void handleHttp(req, res);
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAtMs = now();
    const rawUrl = req.url ?? "/";
    let response: RestResponse;
    try {
      const body = await readBody(req);
      if (body === undefined) {
        res.setHeader("connection", "close"); // the rest of the oversized body is not read
        response = {
          status: 413,
          body: { error: { code: "RequestEntityTooLarge", message: "Request body too large." } },
        };
      } else {
        response = await route({ method: req.method ?? "GET", rawUrl, headers: req.headers, body });
      }
    } catch {
      if (req.destroyed) return; // the client went away mid-request
      response = { status: 500, body: { error: { code: "9999", message: "Unexpected emulator error." } } };
    }
    const parsedUrl = new URL(rawUrl, "http://emulator.invalid");
    requests.push({
      method: req.method ?? "GET",
      path: parsedUrl.pathname,
      query: Object.fromEntries(parsedUrl.searchParams),
      headers: { ...req.headers },
      body: response.parsedBody,
      status: response.status,
      receivedAtMs,
    });
    if (requests.length > MAX_RECORDED_REQUESTS) requests.shift();
    const clientRequestId = req.headers["x-ms-client-request-id"];
    if (typeof clientRequestId === "string") res.setHeader("x-ms-client-request-id", clientRequestId);
    if (response.body === undefined) {
      res.writeHead(response.status).end();
    } else {
      res.writeHead(response.status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(response.body));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const validatedSubscriptions = new Set<string>();

  async function ringIncomingCall(ring: RingOptions): Promise<RingResult> {
    const schema = ring.schema ?? "EventGrid";
    const correlationId = uuid();
    const incomingCallContext = newIncomingCallContext(randomIds, correlationId);
    const from = identifierFromString(ring.from ?? DEFAULT_CALLER);
    const to = identifierFromString(ring.to ?? DEFAULT_CALLEE);
    const serverCallId = newServerCallId(randomIds);
    registry.addRinging({
      incomingCallContext,
      serverCallId,
      correlationId,
      from,
      to,
      callerDisplayName: ring.callerDisplayName ?? "",
      mediaOverrides: { ...ring.media },
      answeredBy: [],
      cancelled: false,
    });
    const facts = {
      eventId: uuid(),
      resourceTopic,
      from,
      to,
      serverCallId,
      callerDisplayName: ring.callerDisplayName ?? "",
      incomingCallContext,
      correlationId,
      ...(ring.customContext
        ? {
            customContext: {
              sipHeaders: { ...ring.customContext.sipHeaders },
              voipHeaders: { ...ring.customContext.voipHeaders },
            },
          }
        : {}),
      timeMs: now(),
    };
    const event = schema === "EventGrid" ? incomingCallEventGridEvent(facts) : incomingCallCloudEvent(facts);
    const result: RingResult = {
      eventId: facts.eventId,
      incomingCallContext,
      serverCallId,
      correlationId,
      event,
      handshake: undefined,
      deliveries: [],
    };

    const subscriptionKey = `${schema} ${ring.webhookUrl}`;
    const handshakeMode = ring.handshake ?? "once";
    if (
      handshakeMode === "always" ||
      (handshakeMode === "once" && !validatedSubscriptions.has(subscriptionKey))
    ) {
      const handshake: HandshakeResult = await delivery.handshake(ring.webhookUrl, schema);
      result.handshake = handshake;
      if (!handshake.ok) return result; // Event Grid would not have created the subscription
      validatedSubscriptions.add(subscriptionKey);
    }

    const body = schema === "EventGrid" ? [event] : event;
    const schedule = ring.retryScheduleMs ?? options.eventGridRetryScheduleMs ?? DEFAULT_RETRY_SCHEDULE_MS;
    const deliverOnce = (): Promise<DeliveryResult> =>
      delivery.deliver(ring.webhookUrl, schema, body, schedule, ring.deliveryHeaders);
    switch (ring.duplicate ?? "none") {
      case "none":
        result.deliveries.push(await deliverOnce());
        break;
      case "sequential":
        result.deliveries.push(await deliverOnce());
        result.deliveries.push(await deliverOnce());
        break;
      case "concurrent":
        result.deliveries.push(...(await Promise.all([deliverOnce(), deliverOnce()])));
        break;
    }
    return result;
  }

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
    url,
    connectionString: `endpoint=${url}/;accesskey=${accessKey}`,
    accessKey,
    resourceId,
    issuer: tokens.issuer,
    jwksUrl: jwksUrl(),
    openIdConfigurationUrl: `${url}/calling/.well-known/acsopenidconfiguration`,
    requests,
    ringIncomingCall,
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
      if (closed) return;
      closed = true;
      shutdown.abort();
      for (const call of registry.allConnections()) call.shutdown();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      listeners.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The request body, or undefined when it exceeds the limit. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > MAX_REQUEST_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
