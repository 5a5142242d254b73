// A `usage` object @azure/ai-voicelive 1.1.0 can read. The SDK dereferences every detail object, so a
// usage without them (as in Microsoft's own examples) makes it drop the whole response event and raise
// a MessageParsingError instead. Details we do not know are reported as zero.
import type { CompleteUsage, Usage } from "./response-resource.js";

export function completeUsage(usage: Usage): CompleteUsage {
  const input = usage.input_token_details;
  const output = usage.output_token_details;
  return {
    ...usage,
    input_token_details: {
      ...input,
      cached_tokens: input?.cached_tokens ?? 0,
      text_tokens: input?.text_tokens ?? 0,
      audio_tokens: input?.audio_tokens ?? 0,
      cached_tokens_details: {
        ...input?.cached_tokens_details,
        text_tokens: input?.cached_tokens_details?.text_tokens ?? 0,
        audio_tokens: input?.cached_tokens_details?.audio_tokens ?? 0,
      },
    },
    output_token_details: {
      ...output,
      text_tokens: output?.text_tokens ?? 0,
      audio_tokens: output?.audio_tokens ?? 0,
    },
  };
}
