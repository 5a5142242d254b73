// Call Automation REST as the emulator serves it: HMAC check, api-version, body validation, then the
// call's state machine. Status codes and error subcodes follow research/acs.md §6 and the Call
// Automation troubleshooting table (404/8522 not found, 400/8523 invalid argument, 401/7509 HMAC).
import type { IncomingHttpHeaders } from "node:http";
import type { HmacCheck, SignedRequest } from "../auth/hmac-verifier.js";
import type { CallRegistry } from "./call-registry.js";
import type {
  EmulatedCallImpl,
  EmulatedCallInit,
  MediaStreamingSettings,
  Operation,
} from "./emulated-call.js";
import { type CommunicationIdentifierModel, identifierFromString, rawIdOf } from "./identifiers.js";
import { mediaFormatFrom } from "./media-leg.js";
import {
  type AcsHttpError,
  acsError,
  callNotEstablished,
  hmacValidationFailed,
  invalidArgument,
  invalidMediaMode,
  missingConfiguration,
  notFound,
  notImplemented,
} from "./payloads/acs-error.js";
import { results } from "./payloads/callback-events.js";
import {
  answerCallRequest,
  createCallRequest,
  type MediaStreamingOptionsRequest,
  mediaStreamingRequest,
  parseRequest,
  playRequest,
  transferToParticipantRequest,
} from "./request-schemas.js";
import type { MediaTokenKind } from "./token-issuer.js";

export interface RestRequest {
  method: string;
  /** Raw request target (path and query) as received. */
  rawUrl: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RestResponse {
  status: number;
  body?: unknown;
  /** The body as parsed, for the request log (undefined when not JSON). */
  parsedBody?: unknown;
}

export interface RestRouterDeps {
  registry: CallRegistry;
  verifyHmac: (request: SignedRequest) => HmacCheck;
  jwks: () => unknown;
  openIdConfiguration: () => unknown;
  newCall: (
    init: Omit<EmulatedCallInit, "callConnectionId" | "serverCallId" | "correlationId"> & {
      serverCallId?: string;
      correlationId?: string;
    },
  ) => EmulatedCallImpl;
  botIdentity: CommunicationIdentifierModel;
  failingNumbers: ReadonlySet<string>;
  connectDelayMs: number;
  outboundAnswerDelayMs: number;
  delay: (ms: number) => Promise<void>;
  uuid: () => string;
  mediaToken: MediaTokenKind;
}

const CALL_ACTION = /^\/calling\/callConnections\/([^/:]+)(?::([A-Za-z]+))?$/;

export function createRestRouter(deps: RestRouterDeps): (request: RestRequest) => Promise<RestResponse> {
  return async (request) => {
    const url = new URL(request.rawUrl, "http://emulator.invalid");
    const path = url.pathname;

    // Public, unauthenticated documents of the callback token issuer.
    if (request.method === "GET" && path === "/calling/keys") return { status: 200, body: deps.jwks() };
    if (request.method === "GET" && path === "/calling/.well-known/acsopenidconfiguration") {
      return { status: 200, body: deps.openIdConfiguration() };
    }

    const parsedBody = parseJson(request.body);
    const respond = (response: RestResponse | AcsHttpError): RestResponse => ({
      status: response.status,
      body: response.body,
      parsedBody: parsedBody.value,
    });

    if (!path.startsWith("/calling/")) return respond(acsError(404, 8522, "Resource not found."));

    const auth = deps.verifyHmac({
      method: request.method,
      pathAndQuery: request.rawUrl,
      headers: request.headers,
      body: request.body,
    });
    if (!auth.ok) return respond(hmacValidationFailed(auth.reason));

    if (!url.searchParams.get("api-version")) {
      return respond(
        acsError(400, "MissingApiVersionParameter", "The api-version query parameter is required."),
      );
    }
    if (!parsedBody.ok) return respond(invalidArgument("Invalid request: the body is not valid JSON."));
    const apiVersion = url.searchParams.get("api-version") ?? "";
    const body = parsedBody.value;

    if (request.method === "POST" && path === "/calling/callConnections:answer") {
      return respond(answer(deps, body, apiVersion));
    }
    if (request.method === "POST" && path === "/calling/callConnections") {
      return respond(createCall(deps, body, apiVersion));
    }
    const match = CALL_ACTION.exec(path);
    if (!match?.[1]) return respond(acsError(404, 8522, "Resource not found."));
    const call = deps.registry.connection(decodeURIComponent(match[1]));
    if (!call?.isActive) return respond(notFound("Call connection not found; the call may have ended."));
    return respond(callAction(call, request.method, match[2], body));
  };
}

function answer(deps: RestRouterDeps, body: unknown, apiVersion: string): RestResponse | AcsHttpError {
  const parsed = parseRequest(answerCallRequest, body);
  if (!parsed.ok) return invalidArgument(parsed.message);
  const request = parsed.value;
  const ringing = deps.registry.ringingByContext(request.incomingCallContext);
  if (!ringing) return notFound("Incoming call not found for the given incomingCallContext.");
  const media = mediaSettings(request.mediaStreamingOptions);
  if (media === "invalid-format")
    return invalidArgument("Invalid request: 'mediaStreamingOptions.audioFormat' is invalid.");

  const call = deps.newCall({
    serverCallId: ringing.serverCallId,
    correlationId: ringing.correlationId,
    direction: "inbound",
    callbackUri: request.callbackUri,
    operationContext: request.operationContext,
    apiVersion,
    request: request as Record<string, unknown>,
    remoteParty: ringing.from,
    view: {
      source: ringing.from,
      targets: [ringing.to],
      ...(ringing.from.kind === "phoneNumber"
        ? { sourceCallerIdNumber: ringing.from.phoneNumber.value }
        : {}),
      sourceDisplayName: ringing.callerDisplayName,
      ...(ringing.to.kind === "phoneNumber" ? { answeredFor: ringing.to.phoneNumber.value } : {}),
      ...transcriptionView(request.transcriptionOptions, deps.uuid),
    },
    mediaStreaming: media,
    mediaOverrides: ringing.mediaOverrides,
    mediaToken: ringing.mediaToken ?? deps.mediaToken,
  });
  deps.registry.addConnection(call);
  const isFirstAnswer = ringing.answeredBy.length === 0;
  ringing.answeredBy.push(call.callConnectionId);
  // ACS answers asynchronously: the 200 says "connecting"; the outcome arrives as callbacks.
  void deps.delay(deps.connectDelayMs).then(() => {
    if (ringing.cancelled) call.failAnswer(results.answerFailedCallTerminated);
    else if (isFirstAnswer) return call.connect();
    else call.loseToAnotherEndpoint();
  });
  return { status: 200, body: call.properties() };
}

function createCall(deps: RestRouterDeps, body: unknown, apiVersion: string): RestResponse | AcsHttpError {
  const parsed = parseRequest(createCallRequest, body);
  if (!parsed.ok) return invalidArgument(parsed.message);
  const request = parsed.value;
  const targets = request.targets.map((target) => rawIdOf(target));
  if (targets.some((rawId) => rawId === undefined)) {
    return invalidArgument("Invalid request: 'targets' contains an identifier without an id.");
  }
  const targetModels = targets.map((rawId) => identifierFromString(rawId as string));
  const media = mediaSettings(request.mediaStreamingOptions);
  if (media === "invalid-format")
    return invalidArgument("Invalid request: 'mediaStreamingOptions.audioFormat' is invalid.");
  const remote = targetModels[0] as CommunicationIdentifierModel;

  const call = deps.newCall({
    direction: "outbound",
    callbackUri: request.callbackUri,
    operationContext: request.operationContext,
    apiVersion,
    request: request as Record<string, unknown>,
    remoteParty: remote,
    view: {
      source: deps.botIdentity,
      targets: targetModels,
      ...(request.sourceCallerIdNumber ? { sourceCallerIdNumber: request.sourceCallerIdNumber.value } : {}),
      ...(request.sourceDisplayName !== undefined ? { sourceDisplayName: request.sourceDisplayName } : {}),
      ...transcriptionView(request.transcriptionOptions, deps.uuid),
    },
    mediaStreaming: media,
    mediaOverrides: {},
    mediaToken: deps.mediaToken,
  });
  deps.registry.addConnection(call);
  const unreachable = targetModels.some((target) => deps.failingNumbers.has(target.rawId));
  void deps.delay(deps.outboundAnswerDelayMs).then(() => (unreachable ? call.failCreate() : call.connect()));
  return { status: 201, body: call.properties() };
}

function callAction(
  call: EmulatedCallImpl,
  method: string,
  action: string | undefined,
  body: unknown,
): RestResponse | AcsHttpError {
  if (action === undefined) {
    if (method === "GET") return { status: 200, body: call.properties() };
    if (method === "DELETE") {
      call.botHangUp(false);
      return { status: 204 };
    }
    return acsError(405, 8520, "Method not allowed.");
  }
  if (method !== "POST") return acsError(405, 8520, "Method not allowed.");

  switch (action) {
    case "terminate":
      call.botHangUp(true);
      return { status: 204 };
    case "transferToParticipant": {
      const parsed = parseRequest(transferToParticipantRequest, body);
      if (!parsed.ok) return invalidArgument(parsed.message);
      if (call.state !== "connected") return callNotEstablished();
      const targetRawId = rawIdOf(parsed.value.targetParticipant);
      if (!targetRawId) return invalidArgument("Invalid request: 'targetParticipant' has no id.");
      // A PSTN target needs a caller id the resource owns (ACS troubleshooting docs; SDK 1.6.0 added
      // sourceCallIdNumber for it). inferred: refused at once, like other invalid requests.
      if (targetRawId.startsWith("4:") && parsed.value.sourceCallerIdNumber === undefined) {
        return invalidArgument(
          "Invalid request: sourceCallerIdNumber is required to transfer to a PSTN number.",
        );
      }
      const transfereeRawId = rawIdOf(parsed.value.transferee);
      void call.transfer(
        identifierFromString(targetRawId),
        transfereeRawId ? identifierFromString(transfereeRawId) : undefined,
        operationOf(parsed.value),
      );
      return { status: 202, body: { operationContext: parsed.value.operationContext } };
    }
    case "play": {
      const parsed = parseRequest(playRequest, body);
      if (!parsed.ok) return invalidArgument(parsed.message);
      if (call.state !== "connected") return callNotEstablished();
      const source = parsed.value.playSources[0];
      void call.play(operationOf(parsed.value), source?.kind === "file" ? source.file?.uri : undefined);
      return { status: 202 };
    }
    case "startMediaStreaming": {
      const parsed = parseRequest(mediaStreamingRequest, body);
      if (!parsed.ok) return invalidArgument(parsed.message);
      if (call.state !== "connected") return callNotEstablished();
      if (!call.mediaStreaming) {
        return missingConfiguration(
          "Media streaming options were not given when the call was answered or created.",
        );
      }
      if (call.mediaStreamingState === "active")
        return invalidMediaMode("Media streaming is already active.");
      void call.startMedia(operationOf(parsed.value));
      return { status: 202 };
    }
    case "stopMediaStreaming": {
      const parsed = parseRequest(mediaStreamingRequest, body);
      if (!parsed.ok) return invalidArgument(parsed.message);
      if (call.mediaStreamingState !== "active") return invalidMediaMode("Media streaming is not active.");
      call.stopMedia(operationOf(parsed.value));
      return { status: 202 };
    }
    default:
      return notImplemented(`The '${action}' action`);
  }
}

function mediaSettings(
  options: MediaStreamingOptionsRequest | undefined,
): MediaStreamingSettings | undefined | "invalid-format" {
  if (!options) return undefined;
  const format = mediaFormatFrom(options.audioFormat);
  if (!format) return "invalid-format";
  return {
    transportUrl: options.transportUrl,
    format,
    startMediaStreaming: options.startMediaStreaming ?? false,
    enableBidirectional: options.enableBidirectional ?? false,
    audioChannelType: options.audioChannelType,
    enableDtmfTones: options.enableDtmfTones ?? false,
  };
}

/** Transcription is not emulated, but the subscription is reported as the service reports it. */
function transcriptionView(options: { startTranscription?: boolean } | undefined, uuid: () => string) {
  return options
    ? {
        transcription: {
          subscriptionId: uuid(),
          state: options.startTranscription ? ("active" as const) : ("inactive" as const),
        },
      }
    : {};
}

function operationOf(request: { operationContext?: string; operationCallbackUri?: string }): Operation {
  return { operationContext: request.operationContext, callbackUri: request.operationCallbackUri };
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false; value: undefined } {
  if (body.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(body.toString("utf8")) as unknown };
  } catch {
    return { ok: false, value: undefined };
  }
}
