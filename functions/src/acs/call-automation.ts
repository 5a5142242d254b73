// The Call Automation operations this app performs (answer and place calls; rescue a call whose media
// failed), behind a narrow interface so the handlers do not depend on the SDK's types and tests can point
// the real SDK client at the ACS emulator.
import { CallAutomationClient, type MediaStreamingOptions } from "@azure/communication-call-automation";
import { DefaultAzureCredential } from "@azure/identity";
import { isLoopbackUrl } from "../settings/loopback.js";
import type { AcsAccess } from "../settings/settings.js";

export interface PlacedCall {
  callConnectionId: string;
  serverCallId: string | undefined;
}

export interface CallAutomation {
  answerCall(
    incomingCallContext: string,
    callbackUrl: string,
    options: { mediaStreamingOptions: MediaStreamingOptions; abortSignal: AbortSignal },
  ): Promise<PlacedCall>;
  createCall(
    target: { phoneNumber: string; callerId: string },
    callbackUrl: string,
    options: {
      mediaStreamingOptions: MediaStreamingOptions;
      operationContext?: string;
      abortSignal: AbortSignal;
    },
  ): Promise<PlacedCall>;
  /** Starts the call's media streaming again (ACS dials the worker anew). */
  startMediaStreaming(callConnectionId: string, operationContext: string): Promise<void>;
  /** Plays an audio file (WAV) to everyone on the call; PlayCompleted/PlayFailed carry `operationContext`. */
  playAudio(callConnectionId: string, url: string, operationContext: string): Promise<void>;
  /** Transfers the caller to a phone number, showing `sourceCallerId` (a number the resource owns). */
  transfer(
    callConnectionId: string,
    phoneNumber: string,
    options: { operationContext: string; sourceCallerId: string | undefined },
  ): Promise<void>;
  /** Ends the call for everyone; a call already gone counts as ended. */
  hangUp(callConnectionId: string): Promise<void>;
  /** The resource's number on the call (the one the caller dialled, or the call came from), if ACS says. */
  ourNumber(callConnectionId: string): Promise<string | undefined>;
}

export function createCallAutomation(access: AcsAccess): CallAutomation {
  // The SDK refuses plain http unless told otherwise; only a local emulator may use it.
  const options = isLoopbackUrl(access.endpoint) ? { allowInsecureConnection: true } : {};
  const client =
    access.kind === "connection-string"
      ? new CallAutomationClient(access.connectionString, options)
      : new CallAutomationClient(access.endpoint.toString(), new DefaultAzureCredential(), options);

  return {
    async answerCall(incomingCallContext, callbackUrl, { mediaStreamingOptions, abortSignal }) {
      const result = await client.answerCall(incomingCallContext, callbackUrl, {
        mediaStreamingOptions,
        abortSignal,
      });
      return placedCall(result.callConnectionProperties);
    },
    async createCall(target, callbackUrl, { mediaStreamingOptions, operationContext, abortSignal }) {
      const result = await client.createCall(
        {
          targetParticipant: { phoneNumber: target.phoneNumber },
          sourceCallIdNumber: { phoneNumber: target.callerId },
        },
        callbackUrl,
        {
          sourceCallIdNumber: { phoneNumber: target.callerId },
          mediaStreamingOptions,
          abortSignal,
          ...(operationContext === undefined ? {} : { operationContext }),
        },
      );
      return placedCall(result.callConnectionProperties);
    },
    async startMediaStreaming(callConnectionId, operationContext) {
      await client
        .getCallConnection(callConnectionId)
        .getCallMedia()
        .startMediaStreaming({ operationContext });
    },
    async playAudio(callConnectionId, url, operationContext) {
      await client
        .getCallConnection(callConnectionId)
        .getCallMedia()
        .playToAll([{ kind: "fileSource", url }], { operationContext });
    },
    async transfer(callConnectionId, phoneNumber, { operationContext, sourceCallerId }) {
      await client.getCallConnection(callConnectionId).transferCallToParticipant(
        { phoneNumber },
        {
          operationContext,
          ...(sourceCallerId === undefined ? {} : { sourceCallIdNumber: { phoneNumber: sourceCallerId } }),
        },
      );
    },
    async hangUp(callConnectionId) {
      try {
        await client.getCallConnection(callConnectionId).hangUp(true);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },
    async ourNumber(callConnectionId) {
      const properties = await client.getCallConnection(callConnectionId).getCallConnectionProperties();
      return properties.answeredFor?.phoneNumber ?? properties.sourceCallerIdNumber?.phoneNumber;
    },
  };
}

/** ACS answers 404 for a call connection that no longer exists. */
function isNotFound(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && (error as { statusCode?: unknown }).statusCode === 404
  );
}

function placedCall(properties: { callConnectionId?: string; serverCallId?: string }): PlacedCall {
  if (properties.callConnectionId === undefined) {
    throw new UnexpectedAcsResponse("ACS accepted the request but returned no callConnectionId");
  }
  return { callConnectionId: properties.callConnectionId, serverCallId: properties.serverCallId };
}

export class UnexpectedAcsResponse extends Error {
  override readonly name = "UnexpectedAcsResponse";
}
