import type { AcsInvalidMessage, AcsUnknownMessage } from "./inbound-message.js";

/** Audio for ACS to play into the call. */
export interface AcsOutboundAudioData {
  kind: "AudioData";
  /** Base64 PCM16 little-endian mono at the negotiated rate. */
  data: string;
}

/** Drop whatever audio ACS has queued for playback (barge-in). */
export interface AcsOutboundStopAudio {
  kind: "StopAudio";
}

/** A message an app sends to ACS, as ACS (or a stand-in for it) reads it. */
export type AcsOutboundMessage =
  | AcsOutboundAudioData
  | AcsOutboundStopAudio
  | AcsUnknownMessage
  | AcsInvalidMessage;
