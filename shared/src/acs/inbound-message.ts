/** The message kinds ACS sends on the media-streaming WebSocket, as spelled in its `kind` field. */
export type AcsInboundKind =
  | "AudioMetadata"
  | "AudioData"
  | "DtmfData"
  | "TranscriptionMetadata"
  | "TranscriptionData";

/** First message of every stream: what the following AudioData frames carry. */
export interface AcsAudioMetadata {
  kind: "AudioMetadata";
  subscriptionId: string;
  encoding: string;
  sampleRate: number;
  channels: number;
  /** Bytes per frame (640 for 20 ms at 16 kHz); absent from some SDKs' view of the message. */
  length: number | undefined;
}

/** One 20 ms frame of call audio, 50 per second. */
export interface AcsAudioData {
  kind: "AudioData";
  /** Base64 PCM16 little-endian mono at the negotiated rate. */
  data: string;
  /** ISO 8601 as sent; left as text because nothing on the hot path needs a Date. */
  timestamp: string | undefined;
  /** Speaker's ACS raw id in unmixed streams (`participantRawID` on the wire). */
  participantRawId: string | undefined;
  /** ACS's own silence flag (`silent` on the wire). */
  isSilent: boolean;
}

/** A DTMF tone the caller pressed (streams opened with `enableDtmfTones`). */
export interface AcsDtmfData {
  kind: "DtmfData";
  data: string;
}

export interface AcsTranscriptionMetadata {
  kind: "TranscriptionMetadata";
  subscriptionId: string;
  locale: string;
  callConnectionId: string;
  correlationId: string;
  speechRecognitionModelEndpointId: string | undefined;
}

/** Offsets and durations are in 100 ns ticks, as ACS sends them (`offset` / `duration` on the wire). */
export interface AcsTranscriptionWord {
  text: string;
  offsetTicks: number;
  durationTicks: number;
}

export interface AcsTranscriptionData {
  kind: "TranscriptionData";
  text: string;
  format: string;
  confidence: number;
  offsetTicks: number;
  durationTicks: number;
  words: AcsTranscriptionWord[];
  participantRawId: string | undefined;
  /** `Intermediate` or `Final`. */
  resultStatus: string;
  /** From `sentimentAnalysisResult.sentiment`, when ACS ran sentiment analysis. */
  sentiment: string | undefined;
  languageIdentified: string | undefined;
}

/** A well-formed message of a kind this codec does not know; to be counted, not fatal. */
export interface AcsUnknownMessage {
  kind: "Unknown";
  /** The sender's `kind`, cut to a bounded length so it is safe as a metric label. */
  rawKind: string;
}

/** A frame that could not be decoded. */
export interface AcsInvalidMessage {
  kind: "Invalid";
  /** One of a fixed set of texts built only from our own field names: never quotes the payload. */
  reason: string;
}

export type AcsInboundMessage =
  | AcsAudioMetadata
  | AcsAudioData
  | AcsDtmfData
  | AcsTranscriptionMetadata
  | AcsTranscriptionData
  | AcsUnknownMessage
  | AcsInvalidMessage;
