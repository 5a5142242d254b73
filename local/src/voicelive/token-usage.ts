// Token counts for response.done, shaped as the recorded response.done (every nested detail present,
// image and reasoning counts included, which @azure/ai-voicelive 1.1.0 also needs) and sized like the
// real service's: ~4 characters per text token, input
// audio at 10 tokens per second, output audio at 20 tokens per second, and the conversation so far
// counted as (cached) input.

export interface Usage {
  total_tokens: number;
  input_tokens: number;
  output_tokens: number;
  input_token_details: {
    cached_tokens: number;
    cache_write_tokens: number;
    text_tokens: number;
    audio_tokens: number;
    image_tokens: number;
    cached_tokens_details: { text_tokens: number; audio_tokens: number; image_tokens: number };
  };
  output_token_details: { text_tokens: number; audio_tokens: number; reasoning_tokens: number };
}

export interface UsageInputs {
  /** Instructions, tool definitions and all text in the conversation before this response. */
  inputTextChars: number;
  /** Caller audio in the conversation before this response. */
  inputAudioMs: number;
  /** Part of the input already seen by an earlier response (prompt cache). */
  cachedTextChars: number;
  cachedAudioMs: number;
  outputTextChars: number;
  outputAudioMs: number;
}

export function emptyUsage(): Usage {
  return estimateUsage({
    inputTextChars: 0,
    inputAudioMs: 0,
    cachedTextChars: 0,
    cachedAudioMs: 0,
    outputTextChars: 0,
    outputAudioMs: 0,
  });
}

export function estimateUsage(inputs: UsageInputs): Usage {
  const textTokens = (chars: number) => Math.ceil(chars / 4);
  const inputText = textTokens(inputs.inputTextChars);
  const inputAudio = Math.round(inputs.inputAudioMs / 100);
  const cachedText = Math.min(inputText, textTokens(inputs.cachedTextChars));
  const cachedAudio = Math.min(inputAudio, Math.round(inputs.cachedAudioMs / 100));
  const outputText = textTokens(inputs.outputTextChars);
  const outputAudio = Math.round(inputs.outputAudioMs / 50);
  const input = inputText + inputAudio;
  const output = outputText + outputAudio;
  return {
    total_tokens: input + output,
    input_tokens: input,
    output_tokens: output,
    input_token_details: {
      cached_tokens: cachedText + cachedAudio,
      cache_write_tokens: 0,
      text_tokens: inputText,
      audio_tokens: inputAudio,
      image_tokens: 0,
      cached_tokens_details: { text_tokens: cachedText, audio_tokens: cachedAudio, image_tokens: 0 },
    },
    output_token_details: { text_tokens: outputText, audio_tokens: outputAudio, reasoning_tokens: 0 },
  };
}

/** What a response reads as input: instructions, tools and the live conversation items. */
export function measureConversationInput(
  instructions: string,
  toolsJson: string,
  items: ReadonlyArray<{
    deleted: boolean;
    role?: string | undefined;
    text: string;
    audioMs: number;
    arguments?: string;
    output?: string;
  }>,
): { textChars: number; audioMs: number } {
  let textChars = instructions.length + toolsJson.length;
  let audioMs = 0;
  for (const item of items) {
    if (item.deleted) continue;
    if (item.role === "user" && item.audioMs > 0) {
      audioMs += item.audioMs;
      continue;
    }
    textChars += item.text.length + (item.arguments?.length ?? 0) + (item.output?.length ?? 0);
  }
  return { textChars, audioMs };
}
