// The two Call Automation operations this app performs, behind a narrow interface so the handlers do not
// depend on the SDK's types and tests can point the real SDK client at the ACS emulator.
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
  };
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
