/**
 * Call control in CallSession, on a fake clock with fake sockets: what Voice Live, ACS and Call
 * Automation receive when the model calls end_call / transfer_to_human / a slow or failing tool, when
 * the caller presses keys, stays silent, or the call reaches its maximum length, and what a replacement
 * Voice Live session is given.
 */
import { type ClientEvent, FakeClock, parseDestinationPolicy, type ServerEvent } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { CallEvent } from "../src/session/call-events.js";
import type { CallFeatures } from "../src/session/call-session.js";
import { endCallTool } from "../src/tools/builtin/end-call.js";
import { transferToHumanTool } from "../src/tools/builtin/transfer-to-human.js";
import { lookupOrderStatusTool } from "../src/tools/examples/lookup-order-status.js";
import { defineTool } from "../src/tools/tool.js";
import {
  acsAudioFrame,
  audioDelta,
  createTestCall,
  rampSamples,
  responseCreated,
  speechStarted,
} from "./fakes.js";

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** The transfer number of these tests is the one allowed destination, as TRANSFER_NUMBER makes it. */
const ALLOWED = (() => {
  const parsed = parseDestinationPolicy(undefined, ["+14255550199"]);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.policy;
})();

const BASE_FEATURES: CallFeatures = {
  tools: [],
  toolTimeoutMs: 2_000,
  toolFillerAfterMs: 500,
  transferMessage: "Please hold while I transfer you.",
  dtmf: { enabled: false, interDigitMs: 1_500 },
  timeouts: { callerSilenceMs: 0, silenceHangupMs: 0, maxCallMs: 0 },
  renewal: undefined,
  destinations: ALLOWED,
};

function call(features: Partial<CallFeatures>) {
  const clock = new FakeClock();
  const events: CallEvent[] = [];
  const test = createTestCall(clock, { greeting: "", features: { ...BASE_FEATURES, ...features } });
  test.session.subscribe((event) => events.push(event));
  test.openVoiceLive();
  return { clock, events, ...test };
}

function functionCallResponse(id: string, name: string, args: object, callId = `call_${id}`): ServerEvent {
  return {
    type: "response.done",
    response: {
      id,
      status: "completed",
      output: [{ type: "function_call", name, call_id: callId, arguments: JSON.stringify(args) }],
    },
  };
}

function spokenResponse(
  serverEvent: (event: ServerEvent) => void,
  clock: FakeClock,
  id: string,
  audioMs: number,
  extra: ServerEvent[] = [],
) {
  serverEvent(responseCreated(id));
  serverEvent(audioDelta(id, `item_${id}`, rampSamples((24_000 * audioMs) / 1000)));
  serverEvent({
    type: "response.audio.done",
    response_id: id,
    item_id: `item_${id}`,
    output_index: 0,
    content_index: 0,
  });
  for (const event of extra) serverEvent(event);
  clock.advance(0);
}

const outputs = (sent: ClientEvent[]) =>
  sent.flatMap((e) =>
    e.type === "conversation.item.create" && e.item.type === "function_call_output"
      ? [JSON.parse(e.item.output) as Record<string, unknown>]
      : [],
  );

describe("end_call", () => {
  it("lets the goodbye play out, then hangs up through Call Automation and closes Voice Live", async () => {
    const { clock, session, acs, voiceLive, callControl, serverEvent, ended } = call({
      tools: [endCallTool],
    });
    expect(
      voiceLive.ofType("session.update")[0]?.session.tools?.map((t) => ("name" in t ? t.name : "")),
    ).toEqual(["end_call"]);
    // the model says goodbye (1 s of audio) and calls end_call in the same response
    spokenResponse(serverEvent, clock, "r1", 1_000, [functionCallResponse("r1", "end_call", {})]);
    await settle();
    clock.advance(500);
    await settle();
    expect(callControl.hungUp).toEqual([]); // still playing
    clock.advance(1_000);
    await settle();
    expect(callControl.hungUp).toEqual(["conn-1"]);
    expect(acs.audio.length).toBe(50); // the whole second of goodbye reached ACS first
    expect(voiceLive.closed).toBe(true);
    expect(ended[0]?.reason).toBe("bot-ended");
    expect(session.isEnded).toBe(true);
  });

  it("asks for a goodbye when the model ended the call without saying one", async () => {
    const { clock, voiceLive, callControl, serverEvent } = call({ tools: [endCallTool] });
    serverEvent(responseCreated("r1"));
    serverEvent(functionCallResponse("r1", "end_call", { reason: "done" }));
    await settle();
    const creates = voiceLive.ofType("response.create");
    expect(creates.at(-1)?.response?.instructions).toMatch(/goodbye/i);
    spokenResponse(serverEvent, clock, "r2", 400, [
      { type: "response.done", response: { id: "r2", status: "completed" } },
    ]);
    clock.advance(100);
    await settle();
    expect(callControl.hungUp).toEqual([]);
    clock.advance(600);
    await settle();
    expect(callControl.hungUp).toEqual(["conn-1"]);
  });
});

describe("transfer_to_human", () => {
  it("announces, asks ACS to transfer, and releases the call when ACS accepts", async () => {
    const { clock, voiceLive, callControl, serverEvent, ended, session } = call({
      tools: [transferToHumanTool("+14255550199")],
    });
    serverEvent(responseCreated("r1"));
    serverEvent(functionCallResponse("r1", "transfer_to_human", { summary: "billing" }));
    await settle();
    // nothing was said before the call: the announcement is asked for first
    expect(voiceLive.ofType("response.create").at(-1)?.response?.instructions).toContain(
      "Please hold while I transfer you.",
    );
    spokenResponse(serverEvent, clock, "r2", 400, [
      { type: "response.done", response: { id: "r2", status: "completed" } },
    ]);
    expect(callControl.transfers).toEqual([]);
    clock.advance(600);
    await settle();
    expect(callControl.transfers).toEqual([
      { callConnectionId: "conn-1", target: "+14255550199", operationContext: "transfer:call-1" },
    ]);
    expect(session.callState).toBe("transferring");
    session.onCallAutomationEvent({
      type: "CallTransferAccepted",
      callConnectionId: "conn-1",
      operationContext: "transfer:call-1",
    });
    await settle();
    expect(ended[0]?.reason).toBe("transferred");
    expect(callControl.hungUp).toEqual([]); // the transferred call must not be hung up
  });

  it("an outcome of another operation (or a forged one) neither ends nor resumes the call", async () => {
    const { clock, callControl, serverEvent, ended, session } = call({
      tools: [transferToHumanTool("+14255550199")],
    });
    spokenResponse(serverEvent, clock, "r1", 200, [functionCallResponse("r1", "transfer_to_human", {})]);
    clock.advance(400);
    await settle();
    expect(callControl.transfers).toHaveLength(1);
    for (const operationContext of [undefined, "transfer:another-call", "rescue:fallback-transfer"]) {
      session.onCallAutomationEvent({
        type: "CallTransferAccepted",
        callConnectionId: "conn-1",
        operationContext,
      });
    }
    await settle();
    expect(ended).toEqual([]);
    expect(session.callState).toBe("transferring");
  });

  it("tells the model when ACS reports CallTransferFailed, and the call goes on", async () => {
    const { clock, voiceLive, callControl, serverEvent, session } = call({
      tools: [transferToHumanTool("+14255550199")],
    });
    spokenResponse(serverEvent, clock, "r1", 200, [functionCallResponse("r1", "transfer_to_human", {})]);
    clock.advance(400);
    await settle();
    expect(callControl.transfers).toHaveLength(1);
    session.onCallAutomationEvent({
      type: "CallTransferFailed",
      callConnectionId: "conn-1",
      operationContext: "transfer:call-1",
      resultInformation: { code: 500, subCode: 7504 },
    });
    await settle();
    expect(outputs(voiceLive.sent).at(-1)).toMatchObject({ ok: false });
    expect(String(outputs(voiceLive.sent).at(-1)?.error)).toContain("7504");
    expect(voiceLive.sent.at(-1)?.type).toBe("response.create");
    expect(session.callState).toBe("active");
    expect(session.isEnded).toBe(false);
  });
});

describe("supervisor actions", () => {
  it("transfer: announces, and when the transfer request is refused the model is told and answers", async () => {
    const { clock, voiceLive, callControl, serverEvent, session } = call({});
    callControl.transferError = new Error("403");
    const outcome = session.transfer("+14255550199");
    expect(voiceLive.ofType("response.create").at(-1)?.response?.instructions).toContain(
      "Please hold while I transfer you.",
    );
    spokenResponse(serverEvent, clock, "r1", 300, [
      { type: "response.done", response: { id: "r1", status: "completed" } },
    ]);
    clock.advance(500);
    expect(await outcome).toEqual({ ok: false, reason: "the transfer request was refused" });
    const note = voiceLive.ofType("conversation.item.create").at(-1)?.item;
    expect(note).toMatchObject({ type: "message", role: "system" });
    expect(voiceLive.sent.at(-1)?.type).toBe("response.create");
    expect(session.callState).toBe("active");
  });

  it("transfer: a number outside ALLOWED_DESTINATIONS is refused before anything is said or dialled", async () => {
    const { voiceLive, callControl, session } = call({});
    const requestsBefore = voiceLive.ofType("response.create").length;
    for (const target of ["+88213456789", "+14255550100"]) {
      expect(await session.transfer(target, "supervisor:ana@contoso.example")).toMatchObject({
        ok: false,
        code: "destination-not-allowed",
      });
    }
    expect(callControl.transfers).toEqual([]);
    expect(voiceLive.ofType("response.create")).toHaveLength(requestsBefore);
    expect(session.callState).toBe("active");
  });

  it("whisper: a system message the caller does not hear, and no response is asked for", () => {
    const { voiceLive, session } = call({});
    expect(session.whisper("  The caller is a premium customer.  ")).toBe(true);
    expect(voiceLive.sent.at(-1)).toEqual({
      type: "conversation.item.create",
      item: {
        type: "message",
        role: "system",
        content: [{ type: "input_text", text: "The caller is a premium customer." }],
      },
    });
    expect(voiceLive.ofType("response.create")).toHaveLength(0);
    expect(session.whisper("   ")).toBe(false);
  });

  it("endCall: a goodbye, then the hang-up", async () => {
    const { clock, voiceLive, callControl, serverEvent, session, ended } = call({});
    const done = session.endCall();
    expect(voiceLive.ofType("response.create").at(-1)?.response?.instructions).toMatch(/goodbye/i);
    spokenResponse(serverEvent, clock, "r1", 400, [
      { type: "response.done", response: { id: "r1", status: "completed" } },
    ]);
    clock.advance(600);
    await done;
    expect(callControl.hungUp).toEqual(["conn-1"]);
    expect(ended[0]?.reason).toBe("supervisor-ended");
  });
});

describe("tools", () => {
  it("answers a lookup with the tool's result and asks the model to go on", async () => {
    const { voiceLive, serverEvent, events } = call({ tools: [lookupOrderStatusTool] });
    serverEvent(responseCreated("r1"));
    serverEvent(functionCallResponse("r1", "lookup_order_status", { order_number: "1001" }, "call_9"));
    await settle();
    const output = voiceLive.ofType("conversation.item.create").at(-1)?.item;
    expect(output).toMatchObject({ type: "function_call_output", call_id: "call_9" });
    expect(outputs(voiceLive.sent)[0]).toEqual({ found: true, status: "shipped", eta: "tomorrow" });
    expect(voiceLive.sent.at(-1)?.type).toBe("response.create");
    expect(events.find((e) => e.type === "tool")).toMatchObject({
      name: "lookup_order_status",
      status: "ok",
    });
  });

  it("fills the silence of a slow tool, and returns an error result when it times out", async () => {
    const never = defineTool({
      name: "slow_lookup",
      description: "never answers",
      arguments: z.object({}),
      run: () => new Promise(() => {}),
    });
    const { clock, voiceLive, serverEvent } = call({ tools: [never] });
    serverEvent(responseCreated("r1"));
    serverEvent(functionCallResponse("r1", "slow_lookup", {}));
    await settle();
    expect(voiceLive.ofType("response.create")).toHaveLength(0);
    clock.advance(500);
    expect(voiceLive.ofType("response.create").at(-1)?.response?.instructions).toMatch(/checking/i);
    // the filler response plays and ends; then the tool times out
    serverEvent(responseCreated("r2"));
    serverEvent({ type: "response.done", response: { id: "r2", status: "completed" } });
    clock.advance(1_500);
    await settle();
    expect(outputs(voiceLive.sent).at(-1)?.error).toMatch(/did not answer in time/);
    expect(voiceLive.sent.at(-1)?.type).toBe("response.create");
  });

  it("runs a call announced only in response.output_item.done", async () => {
    const { voiceLive, serverEvent } = call({ tools: [lookupOrderStatusTool] });
    serverEvent(responseCreated("r1"));
    serverEvent({
      type: "response.output_item.done",
      response_id: "r1",
      output_index: 0,
      item: {
        type: "function_call",
        name: "lookup_order_status",
        call_id: "c7",
        arguments: '{"order_number":"1002"}',
      },
    });
    serverEvent({ type: "response.done", response: { id: "r1", status: "completed" } });
    await settle();
    expect(outputs(voiceLive.sent)).toEqual([{ found: true, status: "processing", eta: "in three days" }]);
  });

  it("stops a running tool when the caller hangs up, and leaves no timer behind", async () => {
    let aborted = false;
    const never = defineTool({
      name: "slow_lookup",
      description: "never answers",
      arguments: z.object({}),
      run: (_args, context) =>
        new Promise(() => {
          context.signal.addEventListener("abort", () => {
            aborted = true;
          });
        }),
    });
    const { clock, session, serverEvent } = call({
      tools: [never],
      timeouts: { callerSilenceMs: 10_000, silenceHangupMs: 5_000, maxCallMs: 60_000 },
    });
    serverEvent(responseCreated("r1"));
    serverEvent(functionCallResponse("r1", "slow_lookup", {}));
    await settle();
    session.onAcsClosed(1000);
    await settle();
    expect(aborted).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it("reports bad arguments and unknown tools to the model instead of failing", async () => {
    const { voiceLive, serverEvent } = call({ tools: [lookupOrderStatusTool] });
    serverEvent(responseCreated("r1"));
    serverEvent({
      type: "response.done",
      response: {
        id: "r1",
        status: "completed",
        output: [
          {
            type: "function_call",
            name: "lookup_order_status",
            call_id: "a",
            arguments: '{"order_number":"x"}',
          },
          { type: "function_call", name: "no_such_tool", call_id: "b", arguments: "{}" },
        ],
      },
    });
    await settle();
    const [bad, unknown] = outputs(voiceLive.sent);
    expect(bad?.error).toContain("order_number");
    expect(unknown?.error).toContain("no_such_tool");
  });
});

describe("DTMF", () => {
  const dtmf = (digit: string) => JSON.stringify({ kind: "DtmfData", dtmfData: { data: digit } });

  it("sends a key sequence to the model after the inter-digit pause, and # ends one at once", () => {
    const { clock, session, voiceLive } = call({ dtmf: { enabled: true, interDigitMs: 1_500 } });
    for (const digit of ["1", "2", "3"]) {
      session.onAcsMessage(dtmf(digit));
      clock.advance(500);
    }
    expect(voiceLive.ofType("conversation.item.create")).toHaveLength(0);
    clock.advance(1_000);
    const texts = () =>
      voiceLive
        .ofType("conversation.item.create")
        .map((e) =>
          e.item.type === "message" && e.item.content[0]?.type === "input_text" ? e.item.content[0].text : "",
        );
    expect(texts()).toEqual(["The caller pressed these keys on the phone keypad: 123"]);
    expect(voiceLive.sent.at(-1)?.type).toBe("response.create");
    session.onAcsMessage(dtmf("4"));
    session.onAcsMessage(dtmf("#"));
    expect(texts().at(-1)).toBe("The caller pressed these keys on the phone keypad: 4#");
    session.onAcsMessage(dtmf("not a tone"));
    expect(session.metricsSnapshot().dtmfInvalid).toBe(1);
  });

  it("ignores keys when DTMF is off", () => {
    const { clock, session, voiceLive } = call({});
    session.onAcsMessage(dtmf("5"));
    clock.advance(5_000);
    expect(voiceLive.ofType("conversation.item.create")).toHaveLength(0);
  });
});

describe("timeouts", () => {
  it("re-prompts a silent caller, then says goodbye and hangs up", async () => {
    const { clock, voiceLive, callControl, serverEvent, ended } = call({
      timeouts: { callerSilenceMs: 10_000, silenceHangupMs: 5_000, maxCallMs: 0 },
    });
    spokenResponse(serverEvent, clock, "r1", 1_000, [
      { type: "response.done", response: { id: "r1", status: "completed" } },
    ]);
    clock.advance(10_900);
    expect(voiceLive.ofType("response.create")).toHaveLength(0);
    clock.advance(200);
    expect(voiceLive.ofType("response.create").at(-1)?.response?.instructions).toMatch(/still there/);
    // the re-prompt plays; the caller still says nothing
    spokenResponse(serverEvent, clock, "r2", 1_000, [
      { type: "response.done", response: { id: "r2", status: "completed" } },
    ]);
    clock.advance(5_900);
    expect(voiceLive.ofType("response.create")).toHaveLength(1);
    clock.advance(200);
    expect(voiceLive.ofType("response.create").at(-1)?.response?.instructions).toMatch(/goodbye/);
    spokenResponse(serverEvent, clock, "r3", 600, [
      { type: "response.done", response: { id: "r3", status: "completed" } },
    ]);
    clock.advance(1_000);
    await settle();
    expect(callControl.hungUp).toEqual(["conn-1"]);
    expect(ended[0]?.reason).toBe("caller-silent");
  });

  it("re-prompts a caller who never says anything when there is no greeting", () => {
    const { clock, voiceLive } = call({
      timeouts: { callerSilenceMs: 10_000, silenceHangupMs: 5_000, maxCallMs: 0 },
    });
    clock.advance(9_900);
    expect(voiceLive.ofType("response.create")).toHaveLength(0);
    clock.advance(200);
    expect(voiceLive.ofType("response.create").at(-1)?.response?.instructions).toMatch(/still there/);
  });

  it("does not count silence while the caller speaks", () => {
    const { clock, voiceLive, serverEvent } = call({
      timeouts: { callerSilenceMs: 10_000, silenceHangupMs: 5_000, maxCallMs: 0 },
    });
    spokenResponse(serverEvent, clock, "r1", 200, [
      { type: "response.done", response: { id: "r1", status: "completed" } },
    ]);
    clock.advance(8_000);
    serverEvent(speechStarted());
    clock.advance(30_000);
    expect(voiceLive.ofType("response.create")).toHaveLength(0);
  });

  it("says goodbye and hangs up at the maximum call length, cutting an answer in progress", async () => {
    const { clock, voiceLive, callControl, serverEvent, ended, acs } = call({
      timeouts: { callerSilenceMs: 0, silenceHangupMs: 0, maxCallMs: 60_000 },
    });
    clock.advance(59_000);
    spokenResponse(serverEvent, clock, "r1", 5_000);
    clock.advance(1_000);
    expect(acs.sent.some((m) => m.kind === "stop")).toBe(true);
    expect(voiceLive.ofType("response.cancel")).toHaveLength(1);
    serverEvent({ type: "response.done", response: { id: "r1", status: "cancelled" } });
    expect(voiceLive.ofType("response.create").at(-1)?.response?.instructions).toMatch(/time limit/);
    spokenResponse(serverEvent, clock, "r2", 800, [
      { type: "response.done", response: { id: "r2", status: "completed" } },
    ]);
    clock.advance(1_000);
    await settle();
    expect(callControl.hungUp).toEqual(["conn-1"]);
    expect(ended[0]?.reason).toBe("max-duration");
  });
});

describe("Voice Live reconnect", () => {
  it("gives the new session the conversation so far and asks it to redo the lost answer", () => {
    const { voiceLive, session, serverEvent, clock } = call({});
    serverEvent({
      type: "conversation.item.input_audio_transcription.completed",
      item_id: "u1",
      content_index: 0,
      transcript: "Where is my order?",
    });
    spokenResponse(serverEvent, clock, "r1", 200, [
      {
        type: "response.audio_transcript.done",
        response_id: "r1",
        item_id: "item_r1",
        output_index: 0,
        content_index: 0,
        transcript: "It shipped yesterday.",
      },
      { type: "response.done", response: { id: "r1", status: "completed" } },
    ]);
    serverEvent(responseCreated("r2"));
    session.onVoiceLiveLost();
    voiceLive.sent.length = 0;
    session.onVoiceLiveOpened(true);
    expect(voiceLive.sent.map((e) => e.type)).toEqual([
      "session.update",
      "conversation.item.create",
      "conversation.item.create",
      "response.create",
    ]);
    const items = voiceLive.ofType("conversation.item.create").map((e) => e.item);
    expect(items).toEqual([
      { type: "message", role: "user", content: [{ type: "input_text", text: "Where is my order?" }] },
      { type: "message", role: "assistant", content: [{ type: "text", text: "It shipped yesterday." }] },
    ]);
    expect(session.metricsSnapshot().voiceLiveReconnects).toBe(1);
  });
});

describe("response requests", () => {
  const refusal = (eventId: string | undefined, code: string): ServerEvent => ({
    type: "error",
    error: { type: "invalid_request_error", code, message: "refused", event_id: eventId ?? null },
  });

  it("asks again after the service refused a response.create because another response was running", () => {
    const { clock, session, voiceLive, serverEvent } = call({ dtmf: { enabled: true, interDigitMs: 1_000 } });
    session.onAcsMessage(JSON.stringify({ kind: "DtmfData", dtmfData: { data: "#" } }));
    const first = voiceLive.ofType("response.create");
    expect(first).toHaveLength(1);
    // the service had just started a response of its own (the caller spoke), and refuses ours by its event_id
    serverEvent(refusal(first[0]?.event_id, "conversation_already_has_active_response"));
    serverEvent(responseCreated("r-vad"));
    serverEvent({ type: "response.done", response: { id: "r-vad", status: "completed" } });
    clock.advance(0);
    expect(voiceLive.ofType("response.create")).toHaveLength(2);
  });

  it("an error caused by another event (a truncate, a cancel) never drops the waiting request", () => {
    const { clock, session, voiceLive, serverEvent } = call({ dtmf: { enabled: true, interDigitMs: 1_000 } });
    session.onAcsMessage(JSON.stringify({ kind: "DtmfData", dtmfData: { data: "#" } }));
    const [request] = voiceLive.ofType("response.create");
    expect(request?.event_id).toMatch(/.+/);
    serverEvent(refusal("evt-truncate-7", "invalid_value"));
    serverEvent(refusal(undefined, "response_cancel_not_active"));
    // Still waiting for its own response: a second request queues behind it instead of going out.
    session.onAcsMessage(JSON.stringify({ kind: "DtmfData", dtmfData: { data: "#" } }));
    clock.advance(0);
    expect(voiceLive.ofType("response.create")).toHaveLength(1);
    serverEvent(responseCreated("r1"));
    serverEvent({ type: "response.done", response: { id: "r1", status: "completed" } });
    expect(voiceLive.ofType("response.create")).toHaveLength(2);
  });

  it("a failed response (a token quota) is asked for once more, then the caller hears the trouble tone", async () => {
    const { clock, voiceLive, acs, callControl, ended, serverEvent } = call({});
    const failed = (id: string): ServerEvent => ({
      type: "response.done",
      response: {
        id,
        status: "failed",
        status_details: {
          type: "failed",
          error: { type: "invalid_request_error", code: "rate_limit_exceeded" },
        },
      },
    });
    // The service's answer to the caller's turn fails: the worker asks for it itself.
    serverEvent(responseCreated("r-auto"));
    serverEvent(failed("r-auto"));
    const retries = voiceLive.ofType("response.create");
    expect(retries).toHaveLength(1);
    expect(retries[0]?.response).toBeUndefined();
    serverEvent(responseCreated("r-retry"));
    serverEvent(failed("r-retry"));
    expect(voiceLive.ofType("response.create")).toHaveLength(1);
    clock.advance(3_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(acs.audio.length).toBeGreaterThanOrEqual(25);
    expect(callControl.hungUp).toEqual(["conn-1"]);
    expect(ended.map((e) => e.reason)).toEqual(["voice-live-unavailable"]);
  });

  it("a request neither started nor refused is sent again, once", () => {
    const { clock, session, voiceLive } = call({ dtmf: { enabled: true, interDigitMs: 1_000 } });
    session.onAcsMessage(JSON.stringify({ kind: "DtmfData", dtmfData: { data: "#" } }));
    clock.advance(8_000);
    const sent = voiceLive.ofType("response.create");
    expect(sent).toHaveLength(2);
    expect(sent[1]?.event_id).not.toBe(sent[0]?.event_id);
  });
});

describe("transfers on real ACS", () => {
  const TARGET = "+14255550199";
  const transferFeatures = (sourceCallerId?: string): Partial<CallFeatures> => ({
    tools: [transferToHumanTool(TARGET, 75_000)],
    transfer: { ringTimeoutMs: 75_000, sourceCallerId },
  });

  async function startTransfer(test: ReturnType<typeof call>) {
    const { clock, serverEvent } = test;
    spokenResponse(serverEvent, clock, "r1", 200, [functionCallResponse("r1", "transfer_to_human", {})]);
    clock.advance(400);
    await settle();
  }

  it("shows the number the caller dialled (ACS answeredFor) to the target, else ACS_CALLER_ID", async () => {
    const dialled = call(transferFeatures("+14255550100"));
    dialled.callControl.callStatus = {
      kind: "present",
      state: "connected",
      ourNumber: "+18005550123",
      mediaStreaming: "active",
    };
    await startTransfer(dialled);
    expect(dialled.callControl.transfers[0]?.sourceCallerId).toBe("+18005550123");

    const configured = call(transferFeatures("+14255550100"));
    await startTransfer(configured);
    expect(configured.callControl.transfers[0]?.sourceCallerId).toBe("+14255550100");
  });

  it("while the target rings the model hears silence for the caller, and a minute of ringing is no failure", async () => {
    const test = call(transferFeatures());
    const { clock, session, voiceLive, ended } = test;
    await startTransfer(test);
    expect(test.callControl.transfers).toHaveLength(1);
    const appendsBefore = voiceLive.ofType("input_audio_buffer.append").length;
    session.onAcsMessage(acsAudioFrame(rampSamples(480, 1000)));
    const append = voiceLive.ofType("input_audio_buffer.append").slice(appendsBefore);
    expect(append).toHaveLength(1);
    expect(Buffer.from(append[0]?.audio ?? "", "base64").every((byte) => byte === 0)).toBe(true);
    const requestsBefore = voiceLive.ofType("response.create").length;
    clock.advance(60_000);
    await settle();
    expect(session.callState).toBe("transferring");
    expect(voiceLive.ofType("response.create")).toHaveLength(requestsBefore);
    expect(ended).toEqual([]);
    session.onCallAutomationEvent({
      type: "CallTransferAccepted",
      callConnectionId: "conn-1",
      operationContext: "transfer:call-1",
    });
    await settle();
    expect(ended.map((e) => e.reason)).toEqual(["transferred"]);
  });

  it("past the ring time the model is told, and an acceptance that comes later still ends our part", async () => {
    const test = call(transferFeatures());
    const { clock, session, voiceLive, ended, callControl } = test;
    await startTransfer(test);
    clock.advance(75_000);
    await settle();
    expect(outputs(voiceLive.sent).at(-1)).toMatchObject({ ok: false });
    expect(session.callState).toBe("active");
    // the caller is heard again
    const appendsBefore = voiceLive.ofType("input_audio_buffer.append").length;
    session.onAcsMessage(acsAudioFrame(rampSamples(480, 1000)));
    const append = voiceLive.ofType("input_audio_buffer.append").slice(appendsBefore);
    expect(Buffer.from(append[0]?.audio ?? "", "base64").some((byte) => byte !== 0)).toBe(true);
    session.onCallAutomationEvent({
      type: "CallTransferAccepted",
      callConnectionId: "conn-1",
      operationContext: "transfer:call-1",
    });
    await settle();
    expect(ended.map((e) => e.reason)).toEqual(["transferred"]);
    expect(callControl.hungUp).toEqual([]);
  });

  it("after CallTransferFailed the call is looked up: gone, and the model is not asked to speak", async () => {
    const test = call(transferFeatures());
    const { session, voiceLive, ended, callControl } = test;
    await startTransfer(test);
    const requestsBefore = voiceLive.ofType("response.create").length;
    const lookupsBefore = callControl.statusLookups;
    callControl.callStatus = { kind: "gone" };
    session.onCallAutomationEvent({
      type: "CallTransferFailed",
      callConnectionId: "conn-1",
      operationContext: "transfer:call-1",
      resultInformation: { code: 400, subCode: 8541 },
    });
    await settle();
    expect(callControl.statusLookups).toBe(lookupsBefore + 1);
    expect(ended.map((e) => e.reason)).toEqual(["call-disconnected"]);
    expect(voiceLive.ofType("response.create")).toHaveLength(requestsBefore);
  });
});
