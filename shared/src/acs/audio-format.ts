/**
 * The two PCM formats ACS bidirectional media streaming offers (16-bit little-endian mono).
 * Spelled as the REST spec's enum values; the SDK passes whatever string it is given straight to the
 * service, so we always send these canonical spellings.
 */
export type AcsAudioFormat = "pcm16KMono" | "pcm24KMono";

/**
 * Reads a format from configuration (e.g. `ACS_AUDIO_FORMAT`). Case-insensitive because the MS Learn
 * samples spell it `Pcm24KMono` while the spec says `pcm24KMono`; returns the canonical spelling, or
 * `undefined` for anything else so the caller can name the bad setting.
 */
export function parseAcsAudioFormat(value: string | undefined): AcsAudioFormat | undefined {
  switch (value?.trim().toLowerCase()) {
    case "pcm16kmono":
      return "pcm16KMono";
    case "pcm24kmono":
      return "pcm24KMono";
    default:
      return undefined;
  }
}

export function acsSampleRateHz(format: AcsAudioFormat): 16000 | 24000 {
  return format === "pcm16KMono" ? 16000 : 24000;
}
