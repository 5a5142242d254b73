import type { TokenPrices } from "../config.js";
import type { TurnUsage } from "../session/call-events.js";

export function addUsage(total: TurnUsage, usage: TurnUsage): TurnUsage {
  return {
    inputTextTokens: total.inputTextTokens + usage.inputTextTokens,
    inputAudioTokens: total.inputAudioTokens + usage.inputAudioTokens,
    cachedInputTokens: total.cachedInputTokens + usage.cachedInputTokens,
    outputTextTokens: total.outputTextTokens + usage.outputTextTokens,
    outputAudioTokens: total.outputAudioTokens + usage.outputAudioTokens,
  };
}

export const NO_USAGE: TurnUsage = {
  inputTextTokens: 0,
  inputAudioTokens: 0,
  cachedInputTokens: 0,
  outputTextTokens: 0,
  outputAudioTokens: 0,
};

/**
 * An estimate in USD from the configured prices per million tokens. Cached tokens are billed at the
 * cached price instead of the input price; they are taken out of the audio count first (the larger
 * share of a voice call's input), which is an approximation, hence "estimate".
 */
export function estimateCostUsd(usage: TurnUsage, prices: TokenPrices): number {
  const cachedFromAudio = Math.min(usage.cachedInputTokens, usage.inputAudioTokens);
  const cachedFromText = Math.min(usage.cachedInputTokens - cachedFromAudio, usage.inputTextTokens);
  const perToken = (pricePerMillion: number) => pricePerMillion / 1_000_000;
  const usd =
    (usage.inputTextTokens - cachedFromText) * perToken(prices.inputText) +
    (usage.inputAudioTokens - cachedFromAudio) * perToken(prices.inputAudio) +
    (cachedFromAudio + cachedFromText) * perToken(prices.cachedInput) +
    usage.outputTextTokens * perToken(prices.outputText) +
    usage.outputAudioTokens * perToken(prices.outputAudio);
  return Math.round(usd * 1_000_000) / 1_000_000;
}
