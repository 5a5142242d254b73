/**
 * The JSON text frames ACS sends to the media worker, shaped exactly as captured from the service and
 * its SDK tests (research/acs.md §2): lower-camel property names, PascalCase `kind` values, and the
 * odd spellings `participantRawID` and `silent`. Property order follows the captured samples.
 */

export interface AudioMetadataFields {
  subscriptionId: string;
  sampleRateHz: number;
  /** Bytes in one frame: 640 at 16 kHz, 960 at 24 kHz. */
  frameBytes: number;
}

export function encodeAudioMetadata(fields: AudioMetadataFields): string {
  return JSON.stringify({
    kind: "AudioMetadata",
    audioMetadata: {
      subscriptionId: fields.subscriptionId,
      encoding: "PCM",
      sampleRate: fields.sampleRateHz,
      channels: 1,
      length: fields.frameBytes,
    },
  });
}

export interface AudioDataFields {
  timestamp: Date;
  participantRawId: string;
  base64Pcm: string;
  silent: boolean;
}

export function encodeAudioData(fields: AudioDataFields): string {
  return JSON.stringify({
    kind: "AudioData",
    audioData: {
      timestamp: fields.timestamp.toISOString(),
      participantRawID: fields.participantRawId,
      data: fields.base64Pcm,
      silent: fields.silent,
    },
  });
}

/** One message per key press, as ACS reports tones one at a time. */
export function encodeDtmfData(tone: string): string {
  return JSON.stringify({ kind: "DtmfData", dtmfData: { data: tone } });
}
