// The emulator's view of the media WebSocket client (./media, the ACS side of the media leg): one per
// streaming call, dialled with a 24 h media token. Injectable so tests can replace or disable it.
import { type AcsAudioFormat, parseAcsAudioFormat } from "@acs-voice/shared";
import { type MediaClient, type MediaClientOptions, startMediaClient } from "./media/index.js";

export type MediaLeg = MediaClient;
export type MediaLegOptions = MediaClientOptions;
export type MediaLegStarter = (options: MediaClientOptions) => MediaClient;

export const defaultMediaLegStarter: MediaLegStarter = startMediaClient;

/** `audioFormat` as the request carried it (the SDK passes any casing through) → canonical name. */
export function mediaFormatFrom(value: string | undefined): AcsAudioFormat | undefined {
  return value === undefined ? "pcm16KMono" /* the service default */ : parseAcsAudioFormat(value);
}
