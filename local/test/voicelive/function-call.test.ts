// Function calling round trip on the wire: the scripted turn's reply, then a function_call item with
// streamed arguments, response.done; nothing more until the client sends the function_call_output
// and response.create; then the reply after the function.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareSpeechSynthesis } from "../../src/tts/index.js";
import { type Scenario, startVoiceLiveEmulator, type VoiceLiveEmulator } from "../../src/voicelive/index.js";
import { RawClient, utteranceThenSilence } from "./helpers.js";

const scenario: Scenario = {
  turns: [
    {
      caller: "Can you put me through to a person?",
      reply: "Let me transfer you.",
      functionCall: { name: "transfer_to_human", arguments: { reason: "caller asked", priority: 2 } },
      replyAfterFunction: "You are being transferred now, please hold.",
    },
  ],
};

let emulator: VoiceLiveEmulator;
let client: RawClient;
beforeAll(async () => {
  await prepareSpeechSynthesis();
  emulator = await startVoiceLiveEmulator({ scenario, audioSpeed: 50, responseLatencyMs: 0 });
  client = await RawClient.connect(emulator.realtimeUrl, { "api-key": emulator.apiKey });
  await client.waitFor("session.created");
});
afterAll(async () => {
  client.close();
  await emulator.close();
});

describe("function calling", () => {
  it("makes the scripted call, waits for its output, then speaks the reply after it", async () => {
    client.sendAudio(utteranceThenSilence(scenario.turns[0]?.caller ?? "", 24000), 24000);
    const firstDone = await client.waitFor("response.done");
    const response = firstDone.response as { status: string; output: Array<Record<string, unknown>> };
    expect(response.status).toBe("completed");
    expect(response.output.map((o) => o.type)).toEqual(["message", "function_call"]);
    const call = response.output[1] as {
      id: string;
      call_id: string;
      name: string;
      arguments: string;
      status: string;
    };
    expect(call).toMatchObject({ name: "transfer_to_human", status: "completed" });
    expect(JSON.parse(call.arguments)).toEqual({ reason: "caller asked", priority: 2 });

    const added = client.ofType("response.output_item.added").map((e) => e.item as Record<string, unknown>);
    expect(added[1]).toMatchObject({
      type: "function_call",
      call_id: call.call_id,
      name: "transfer_to_human",
      arguments: "",
    });
    const deltas = client.ofType("response.function_call_arguments.delta");
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((d) => d.delta).join("")).toBe(call.arguments);
    expect(
      deltas.every((d) => d.call_id === call.call_id && d.item_id === call.id && d.output_index === 1),
    ).toBe(true);
    const argsDone = await client.waitFor("response.function_call_arguments.done");
    expect(argsDone).toMatchObject({ call_id: call.call_id, item_id: call.id, arguments: call.arguments });

    // The model waits for the tool: no new response without the output and response.create.
    client.send({ type: "input_audio_buffer.clear" });
    await client.waitFor("input_audio_buffer.cleared");
    expect(client.ofType("response.created")).toHaveLength(1);

    client.send({
      type: "conversation.item.create",
      item: { type: "function_call_output", call_id: call.call_id, output: '{"transferred":true}' },
    });
    const outputItem = await client.waitFor(
      "conversation.item.created",
      (e) => (e.item as { type: string }).type === "function_call_output",
    );
    expect(outputItem.item).toMatchObject({ call_id: call.call_id, output: '{"transferred":true}' });
    client.send({ type: "response.create" });
    const after = await client.waitFor(
      "response.audio_transcript.done",
      (e) => e.transcript === scenario.turns[0]?.replyAfterFunction,
    );
    expect(after).toBeDefined();
    await client.waitFor("response.done", () => client.ofType("response.done").length === 2);

    const conversation = emulator.sessions[0]?.conversation.map((i) => [i.type, i.role ?? i.name ?? ""]);
    expect(conversation).toEqual([
      ["message", "user"],
      ["message", "assistant"],
      ["function_call", "transfer_to_human"],
      ["function_call_output", ""],
      ["message", "assistant"],
    ]);
  });
});
