/**
 * transfer_to_human end to end: an ACS emulator call (created through Call Automation, media streamed
 * to the worker), the model asks for a transfer, the worker calls `transferToParticipant`; the target
 * is unreachable, ACS sends CallTransferFailed to the callback URL, the test feeds that event to the
 * worker (as the control plane will), and the model tells the caller. The call goes on.
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type AcsEmulator,
  buildCallerAudio,
  type Scenario,
  startAcsEmulator,
  startVoiceLiveEmulator,
} from "@acs-voice/local";
import { callAutomationEventFromCloudEvent } from "@acs-voice/shared";
import { CallAutomationClient } from "@azure/communication-call-automation";
import { afterEach, describe, expect, it } from "vitest";
import { functionOutputs, GREETING, heardMsOf, REPLY_BYE, TONE_HZ } from "./bridge-harness.js";
import { ScaledClock, toneVoice } from "./call-harness.js";
import { startWorker, testConfig, waitFor } from "./worker-harness.js";

const TRANSFER_LINE = "Let me get you a colleague.";
const TRANSFER_FAILED = "Sorry, nobody can take your call right now.";
const FAILING_NUMBER = "+14255550100";
const voice = toneVoice(new Map([...TONE_HZ, [TRANSFER_LINE, 2_200], [TRANSFER_FAILED, 2_500]]));

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startCallbackReceiver(
  onEvent: (cloudEvent: unknown) => void,
): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as unknown;
        for (const event of Array.isArray(body) ? body : [body]) onEvent(event);
      } catch {
        // not a callback
      }
      response.writeHead(200).end();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks`, server };
}

async function transferCall(transferNumber: string) {
  const scenario: Scenario = {
    greeting: GREETING,
    turns: [
      {
        caller: "I want to talk to a person.",
        reply: TRANSFER_LINE,
        functionCall: { name: "transfer_to_human", arguments: { summary: "wants a person" } },
        replyAfterFunction: TRANSFER_FAILED,
      },
      { caller: "Thanks a lot.", reply: REPLY_BYE },
    ],
  };
  const speed = 2;
  const caller = buildCallerAudio(scenario, 24_000, {
    synthesize: voice,
    greetingDelayMs: 1_000,
    replyDelayMs: 1_500,
    gapAfterReplyMs: 1_500,
    trailingSilenceMs: 1_500,
  });
  const acs: AcsEmulator = await startAcsEmulator({
    failingNumbers: [FAILING_NUMBER],
    mediaClient: { caller: caller.samples, clock: { speed }, trailingSilenceMs: 500 },
  });
  cleanups.push(() => acs.close());
  const voiceLive = await startVoiceLiveEmulator({ scenario, synthesize: (text, hz) => voice(text, hz) });
  cleanups.push(() => voiceLive.close());
  const worker = await startWorker({
    config: testConfig({ ...acs, connectionString: acs.connectionString }, voiceLive.url, {
      GREETING: "Greet the caller.",
      TRANSFER_NUMBER: transferNumber,
    }),
    clock: new ScaledClock(speed),
    callControl: undefined,
  });
  cleanups.push(() => worker.close());
  const callbacks = await startCallbackReceiver((cloudEvent) => {
    const event = callAutomationEventFromCloudEvent(cloudEvent);
    if (event) worker.media.onCallAutomationEvent(event);
  });
  cleanups.push(async () => {
    callbacks.server.closeAllConnections();
    await new Promise<void>((resolve) => callbacks.server.close(() => resolve()));
  });

  const client = new CallAutomationClient(acs.connectionString, { allowInsecureConnection: true });
  const created = await client.createCall(
    {
      targetParticipant: { phoneNumber: "+14255550123" },
      sourceCallIdNumber: { phoneNumber: "+18005550100" },
    },
    callbacks.url,
    {
      mediaStreamingOptions: {
        transportUrl: worker.mediaUrl,
        transportType: "websocket",
        contentType: "audio",
        audioChannelType: "mixed",
        startMediaStreaming: true,
        enableBidirectional: true,
        audioFormat: "Pcm24KMono",
      },
    },
  );
  const callConnectionId = created.callConnectionProperties.callConnectionId as string;
  const call = await acs.waitForCall((c) => c.callConnectionId === callConnectionId, 10_000);
  return { acs, call, callConnectionId, voiceLive, worker };
}

describe("transfer_to_human", () => {
  it("asks ACS to transfer; on CallTransferFailed the model tells the caller and the call goes on", {
    timeout: 60_000,
  }, async () => {
    const { acs, call, callConnectionId, voiceLive, worker } = await transferCall(FAILING_NUMBER);
    await call.waitForCallback("CallTransferFailed", 30_000);
    await waitFor(() => call.mediaLegs[0]?.report !== undefined, 30_000, "the media leg to end");
    await waitFor(() => worker.ended.length === 1, 10_000, "the worker to end the call");

    const transfers = acs.requests.filter((r) =>
      r.path.endsWith(`/${callConnectionId}:transferToParticipant`),
    );
    expect(transfers).toHaveLength(1);
    expect(JSON.stringify(transfers[0]?.body)).toContain(FAILING_NUMBER);
    // ACS needs a caller id the resource owns for a PSTN target: the number this call was placed from.
    expect(transfers[0]?.body).toMatchObject({ sourceCallerIdNumber: { value: "+18005550100" } });
    const outputs = functionOutputs(voiceLive.sessions[0]?.received ?? []);
    expect(outputs).toHaveLength(1);
    const output = outputs[0] ?? {};
    // the failure came from ACS's CallTransferFailed (its result code), not from waiting in vain
    expect(output).toMatchObject({ ok: false });
    expect(String(output.error)).toMatch(/the transfer failed \(\d+\)/);
    const report = call.mediaLegs[0]?.report;
    if (!report) throw new Error("no media report");
    // the caller heard the transfer line, then the model saying it did not work, then the goodbye
    expect(heardMsOf(report.heard, 24_000, 2_200)).toBeGreaterThan(0);
    expect(heardMsOf(report.heard, 24_000, 2_500)).toBeGreaterThanOrEqual(TRANSFER_FAILED.length * 60 - 60);
    expect(heardMsOf(report.heard, 24_000, TONE_HZ.get(REPLY_BYE) as number)).toBeGreaterThan(0);
    expect(worker.ended[0]?.metrics.transferFailures).toBe(1);
    expect(worker.ended[0]?.reason).not.toBe("transferred");
  });

  it("releases the call once ACS accepted the transfer (no hang-up: the caller stays on the line)", {
    timeout: 60_000,
  }, async () => {
    const { acs, call, callConnectionId, voiceLive, worker } = await transferCall("+14255550199");
    await call.waitForCallback("CallTransferAccepted", 30_000);
    await waitFor(() => worker.ended.length === 1, 10_000, "the worker to release the call");
    expect(worker.ended[0]?.reason).toBe("transferred");
    expect(call.endReason).toBe("transferred");
    const hangUps = acs.requests.filter(
      (r) => r.path.includes(`/${callConnectionId}`) && /terminate|DELETE/.test(`${r.path} ${r.method}`),
    );
    expect(hangUps).toHaveLength(0);
    await waitFor(() => voiceLive.sessions[0]?.closed === true, 5_000, "Voice Live to be closed");
    // the caller heard the model's transfer line before ACS moved the call
    const report = call.mediaLegs[0]?.report;
    expect(report && heardMsOf(report.heard, 24_000, 2_200)).toBeGreaterThanOrEqual(
      TRANSFER_LINE.length * 60 - 60,
    );
  });
});
