// Our typed events carry the wire names themselves; @azure/ai-voicelive 1.1.0 maps its camelCase
// models to the wire. Encoding the same event both ways must give the same JSON, which checks every
// snake_case name we chose against Microsoft's own serializer.
import { type ClientEvent, encodeClientEvent, parseClientEvent } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
// Not in the package's export map; imported by path as an independent oracle.
import { clientEventUnionSerializer } from "../../../node_modules/@azure/ai-voicelive/dist/esm/models/models.js";

interface Pair {
  ours: ClientEvent;
  sdkInput: Record<string, unknown>;
}

const pairs: Record<string, Pair> = {
  "session.update with every Azure option a phone bot uses": {
    ours: {
      type: "session.update",
      event_id: "evt_1",
      session: {
        modalities: ["text", "audio"],
        instructions: "Be brief.",
        voice: {
          type: "azure-standard",
          name: "en-US-Ava:DragonHDLatestNeural",
          temperature: 0.7,
          rate: "1.1",
        },
        input_audio_format: "pcm16",
        output_audio_format: "pcm16",
        input_audio_sampling_rate: 16000,
        turn_detection: {
          type: "azure_semantic_vad",
          threshold: 0.3,
          prefix_padding_ms: 300,
          silence_duration_ms: 500,
          speech_duration_ms: 80,
          remove_filler_words: true,
          languages: ["en-US"],
          end_of_utterance_detection: {
            model: "semantic_detection_v1",
            threshold_level: "low",
            timeout_ms: 1000,
          },
          auto_truncate: false,
          create_response: true,
          interrupt_response: true,
        },
        input_audio_noise_reduction: { type: "azure_deep_noise_suppression" },
        input_audio_echo_cancellation: {
          type: "server_echo_cancellation",
          reference_source: "server",
          channels: 1,
        },
        input_audio_transcription: { model: "azure-speech", language: "en-US", phrase_list: ["Contoso"] },
        tools: [
          {
            type: "function",
            name: "end_call",
            description: "Hang up after saying goodbye",
            parameters: { type: "object", properties: {} },
          },
        ],
        tool_choice: "auto",
        temperature: 0.8,
        max_response_output_tokens: "inf",
        metadata: { call: "c1" },
      },
    },
    sdkInput: {
      type: "session.update",
      eventId: "evt_1",
      session: {
        modalities: ["text", "audio"],
        instructions: "Be brief.",
        voice: {
          type: "azure-standard",
          name: "en-US-Ava:DragonHDLatestNeural",
          temperature: 0.7,
          rate: "1.1",
        },
        inputAudioFormat: "pcm16",
        outputAudioFormat: "pcm16",
        inputAudioSamplingRate: 16000,
        turnDetection: {
          type: "azure_semantic_vad",
          threshold: 0.3,
          prefixPaddingInMs: 300,
          silenceDurationInMs: 500,
          speechDurationInMs: 80,
          removeFillerWords: true,
          languages: ["en-US"],
          endOfUtteranceDetection: {
            model: "semantic_detection_v1",
            thresholdLevel: "low",
            timeoutInMs: 1000,
          },
          autoTruncate: false,
          createResponse: true,
          interruptResponse: true,
        },
        inputAudioNoiseReduction: { type: "azure_deep_noise_suppression" },
        inputAudioEchoCancellation: {
          type: "server_echo_cancellation",
          referenceSource: "server",
          channels: 1,
        },
        inputAudioTranscription: { model: "azure-speech", language: "en-US", phraseList: ["Contoso"] },
        tools: [
          {
            type: "function",
            name: "end_call",
            description: "Hang up after saying goodbye",
            parameters: { type: "object", properties: {} },
          },
        ],
        toolChoice: "auto",
        temperature: 0.8,
        maxResponseOutputTokens: "inf",
        metadata: { call: "c1" },
      },
    },
  },
  "session.update with server_vad and an OpenAI voice": {
    ours: {
      type: "session.update",
      session: {
        voice: { type: "openai", name: "alloy" },
        turn_detection: {
          type: "server_vad",
          threshold: 0.5,
          prefix_padding_ms: 400,
          silence_duration_ms: 500,
          create_response: false,
          interrupt_response: false,
          auto_truncate: true,
        },
      },
    },
    sdkInput: {
      type: "session.update",
      session: {
        voice: { type: "openai", name: "alloy" },
        turnDetection: {
          type: "server_vad",
          threshold: 0.5,
          prefixPaddingInMs: 400,
          silenceDurationInMs: 500,
          createResponse: false,
          interruptResponse: false,
          autoTruncate: true,
        },
      },
    },
  },
  "conversation.item.truncate at what was played": {
    ours: { type: "conversation.item.truncate", item_id: "item_1", content_index: 0, audio_end_ms: 1520 },
    sdkInput: { type: "conversation.item.truncate", itemId: "item_1", contentIndex: 0, audioEndInMs: 1520 },
  },
  "a caller's text message (DTMF forwarded to the model)": {
    ours: {
      type: "conversation.item.create",
      previous_item_id: "item_0",
      item: {
        type: "message",
        role: "user",
        content: [{ type: "input_text", text: "The caller pressed 5" }],
      },
    },
    sdkInput: {
      type: "conversation.item.create",
      previousItemId: "item_0",
      item: {
        type: "message",
        role: "user",
        content: [{ type: "input_text", text: "The caller pressed 5" }],
      },
    },
  },
  "a function call result": {
    ours: {
      type: "conversation.item.create",
      item: { type: "function_call_output", call_id: "call_9", output: '{"ok":true}' },
    },
    sdkInput: {
      type: "conversation.item.create",
      item: { type: "function_call_output", callId: "call_9", output: '{"ok":true}' },
    },
  },
  "a replayed function call (context restore after reconnect)": {
    ours: {
      type: "conversation.item.create",
      item: { type: "function_call", name: "transfer_to_human", call_id: "call_9", arguments: "{}" },
    },
    sdkInput: {
      type: "conversation.item.create",
      item: { type: "function_call", name: "transfer_to_human", callId: "call_9", arguments: "{}" },
    },
  },
  "response.create for the greeting": {
    ours: {
      type: "response.create",
      response: { instructions: "Greet the caller.", modalities: ["audio", "text"] },
    },
    sdkInput: {
      type: "response.create",
      response: { instructions: "Greet the caller.", modalities: ["audio", "text"] },
    },
  },
  "response.cancel of a given response": {
    ours: { type: "response.cancel", response_id: "resp_1" },
    sdkInput: { type: "response.cancel", responseId: "resp_1" },
  },
  "input_audio_buffer.clear": {
    ours: { type: "input_audio_buffer.clear" },
    sdkInput: { type: "input_audio_buffer.clear" },
  },
  "conversation.item.delete": {
    ours: { type: "conversation.item.delete", item_id: "item_2" },
    sdkInput: { type: "conversation.item.delete", itemId: "item_2" },
  },
  "conversation.item.retrieve": {
    ours: { type: "conversation.item.retrieve", item_id: "item_2" },
    sdkInput: { type: "conversation.item.retrieve", itemId: "item_2" },
  },
};

describe("our wire names match @azure/ai-voicelive's serializer", () => {
  it.each(Object.entries(pairs))("%s", (_name, { ours, sdkInput }) => {
    const bySdk = JSON.parse(JSON.stringify(clientEventUnionSerializer(sdkInput as never)));
    const text = encodeClientEvent(ours);
    expect(JSON.parse(text)).toEqual(bySdk);
    // And what we send passes our own client schema (the Voice Live emulator checks with it).
    expect(parseClientEvent(text)).toEqual(JSON.parse(text));
  });
});
