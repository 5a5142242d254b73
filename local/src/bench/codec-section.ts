import { readFileSync } from "node:fs";
import {
  decodeAcsMessage,
  encodeAcsAudioData,
  encodeAudioAppend,
  parseServerEvent,
  pcm16ToBase64,
} from "@acs-voice/shared";
import type { BenchSection } from "./section.js";
import { formatSpread } from "./statistics.js";
import { timeInterleaved } from "./timing.js";

// The wire codecs alone, on the payloads a 24 kHz call carries: what each message costs before any
// socket or audio work.
const SAMPLE_RATE_HZ = 24000;

export const codecSection: BenchSection = {
  title: "Codecs: ns per message",
  async run(context) {
    const frame = tone(SAMPLE_RATE_HZ / 50);
    const frameBase64 = pcm16ToBase64(frame);
    const deltaBase64 = pcm16ToBase64(tone(SAMPLE_RATE_HZ / 10));
    const inboundText = JSON.stringify({
      kind: "AudioData",
      audioData: {
        timestamp: "2026-01-01T00:00:00.000Z",
        participantRawID: "4:+14255550100",
        data: frameBase64,
        silent: false,
      },
    });
    const inboundBytes = new TextEncoder().encode(inboundText);
    const deltaText = JSON.stringify({
      type: "response.audio.delta",
      event_id: "event_bench",
      response_id: "resp_bench",
      item_id: "item_bench",
      output_index: 0,
      content_index: 0,
      delta: deltaBase64,
    });
    const recordedResponseDone = recordedMessage("test_tool_call_round.json", "response.done");
    const recordedSessionUpdated = recordedMessage("test_tool_call_round.json", "session.updated");
    let sink = 0;
    const subjects = new Map<string, () => void>([
      [
        "`decodeAcsMessage`: one 20 ms AudioData frame (text)",
        () => {
          sink += decodeAcsMessage(inboundText).kind.length;
        },
      ],
      [
        "`decodeAcsMessage`: one 20 ms AudioData frame (bytes, as the socket delivers it)",
        () => {
          sink += decodeAcsMessage(inboundBytes).kind.length;
        },
      ],
      [
        "`encodeAcsAudioData`: one 20 ms outbound frame",
        () => {
          sink += encodeAcsAudioData(frameBase64).length;
        },
      ],
      [
        "`parseServerEvent`: one 100 ms `response.audio.delta`",
        () => {
          sink += parseServerEvent(deltaText).type.length;
        },
      ],
      [
        "`parseServerEvent`: a recorded `response.done` (function call, usage, explicit nulls)",
        () => {
          sink += parseServerEvent(recordedResponseDone).type.length;
        },
      ],
      [
        "`parseServerEvent`: a recorded `session.updated` (tools, explicit nulls)",
        () => {
          sink += parseServerEvent(recordedSessionUpdated).type.length;
        },
      ],
      [
        "`encodeAudioAppend`: one 20 ms `input_audio_buffer.append`",
        () => {
          sink += encodeAudioAppend(frameBase64).length;
        },
      ],
    ]);
    const rounds = context.quick ? 7 : 15;
    const spreads = timeInterleaved(subjects, { warmupIterations: 5_000, iterationsPerRound: 2_000, rounds });
    if (sink === 0) throw new Error("codec bench did no work");
    return [
      `Nanoseconds per call on 24 kHz payloads (a 20 ms frame is 960 bytes of PCM, 1,280 base64 characters).`,
      `Interleaved, ${rounds} rounds of 2,000 calls after 5,000 warm-up calls, in the bench process.`,
      "",
      "| Operation | ns per message |",
      "| --- | ---: |",
      ...[...spreads].map(([name, spread]) => `| ${name} | ${formatSpread(spread)} |`),
    ].join("\n");
  },
};

/** The first received message of `type` in a live recording (fixtures/voicelive/real), as sent. */
function recordedMessage(file: string, type: string): string {
  const path = new URL(`../../../fixtures/voicelive/real/${file}`, import.meta.url);
  const recording = JSON.parse(readFileSync(path, "utf8")) as {
    messages: { direction: string; data: { type: string } }[];
  };
  const message = recording.messages.find((m) => m.direction === "received" && m.data.type === type);
  if (!message) throw new Error(`no ${type} in ${file}`);
  return JSON.stringify(message.data);
}

function tone(length: number): Int16Array {
  return Int16Array.from({ length }, (_, n) => 8000 * Math.sin((2 * Math.PI * 440 * n) / SAMPLE_RATE_HZ));
}
