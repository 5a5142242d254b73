// completeUsage exists for the emulator: @azure/ai-voicelive 1.1.0 drops response events whose usage
// lacks detail objects. The SDK's own deserializer is the oracle.
import { completeUsage, parseServerEvent, type Usage } from "@acs-voice/shared";
import { describe, expect, it } from "vitest";
// Not in the package's export map; imported by path as an independent oracle.
import { serverEventUnionDeserializer } from "../../../node_modules/@azure/ai-voicelive/dist/esm/models/models.js";
import { readFixtureJson } from "../fixtures.js";

interface ResponseDone {
  type: "response.done";
  response: { id: string; status: string; usage?: Usage };
}

describe("completeUsage", () => {
  it("turns the documented response.done, which the SDK cannot read, into one it reads", () => {
    const documented = readFixtureJson<ResponseDone>("voicelive", "server-response.done.json");
    expect(() => serverEventUnionDeserializer(documented)).toThrow(/Cannot read properties of undefined/);

    const usage = completeUsage(documented.response.usage as Usage);
    const fixed = { ...documented, response: { ...documented.response, usage } };
    const read = serverEventUnionDeserializer(fixed) as {
      response: { usage: { totalTokens: number; inputTokenDetails: { audioTokens: number } } };
    };
    expect(read.response.usage.totalTokens).toBe(87);
    expect(read.response.usage.inputTokenDetails.audioTokens).toBe(7);
    // And it still parses as ours, unchanged apart from the added zeros.
    expect(parseServerEvent(JSON.stringify(fixed))).toEqual(fixed);
  });

  it("fills a totals-only usage with zero details and keeps what was given", () => {
    expect(completeUsage({ total_tokens: 3, input_tokens: 1, output_tokens: 2 })).toEqual({
      total_tokens: 3,
      input_tokens: 1,
      output_tokens: 2,
      input_token_details: {
        cached_tokens: 0,
        text_tokens: 0,
        audio_tokens: 0,
        cached_tokens_details: { text_tokens: 0, audio_tokens: 0 },
      },
      output_token_details: { text_tokens: 0, audio_tokens: 0 },
    });
    const full = completeUsage({
      total_tokens: 10,
      input_tokens: 6,
      output_tokens: 4,
      input_token_details: {
        cached_tokens: 2,
        text_tokens: 5,
        audio_tokens: 1,
        cached_tokens_details: { text_tokens: 2, audio_tokens: 0 },
      },
      output_token_details: { text_tokens: 1, audio_tokens: 3, reasoning_tokens: 0 },
    });
    expect(completeUsage(full)).toEqual(full);
    expect(full.output_token_details.reasoning_tokens).toBe(0);
  });
});
