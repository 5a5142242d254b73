import { invalidMessage as invalid, unknownMessage } from "./decode-result.js";
import { FieldReader } from "./field-reader.js";
import type {
  AcsAudioData,
  AcsAudioMetadata,
  AcsDtmfData,
  AcsInboundMessage,
  AcsInvalidMessage,
  AcsTranscriptionData,
  AcsTranscriptionMetadata,
  AcsTranscriptionWord,
} from "./inbound-message.js";
import { asWireObject, readJsonObject } from "./read-json-object.js";

/**
 * Decodes one message ACS sent on the media WebSocket. Never throws: bad frames come back as
 * `Invalid` and kinds we do not know as `Unknown`, for the caller to count.
 *
 * Property names are accepted camelCase (what ACS sends) or PascalCase, and `kind` values with either
 * first-letter case, because the official SDKs disagree on both (see encode-media-message.ts).
 */
export function decodeAcsMessage(frame: string | Uint8Array): AcsInboundMessage {
  const message = readJsonObject(frame);
  if (typeof message === "string") return invalid(message);
  const kind = message.kind ?? message.Kind;
  if (typeof kind !== "string") {
    return invalid(kind === undefined ? "kind is missing" : "kind is not a string");
  }
  // AudioData first: it is all but one of the ~50 messages a second.
  switch (kind) {
    case "AudioData":
    case "audioData":
      return decodeAudioData(message.audioData ?? message.AudioData);
    case "AudioMetadata":
    case "audioMetadata":
      return decodeAudioMetadata(message.audioMetadata ?? message.AudioMetadata);
    case "DtmfData":
    case "dtmfData":
      return decodeDtmfData(message.dtmfData ?? message.DtmfData);
    case "TranscriptionMetadata":
    case "transcriptionMetadata":
      return decodeTranscriptionMetadata(message.transcriptionMetadata ?? message.TranscriptionMetadata);
    case "TranscriptionData":
    case "transcriptionData":
      return decodeTranscriptionData(message.transcriptionData ?? message.TranscriptionData);
    default:
      return unknownMessage(kind);
  }
}

/**
 * The hot path: direct property reads, one result object. Only `data` is required; a mistyped
 * timestamp, participant or silence flag is read as absent, because losing 20 ms of the caller's
 * voice over a metadata field would be worse than not knowing it.
 */
function decodeAudioData(value: unknown): AcsAudioData | AcsInvalidMessage {
  const body = asWireObject(value);
  if (body === undefined) return invalid("AudioData body is missing");
  const data = body.data ?? body.Data;
  if (typeof data !== "string") return invalid("AudioData.data is missing or not a string");
  const timestamp = body.timestamp ?? body.Timestamp;
  const participantRawId =
    body.participantRawID ?? body.participantRawId ?? body.ParticipantRawID ?? body.ParticipantRawId;
  const silent = body.silent ?? body.isSilent ?? body.Silent ?? body.IsSilent;
  return {
    kind: "AudioData",
    data,
    timestamp: typeof timestamp === "string" ? timestamp : undefined,
    participantRawId: typeof participantRawId === "string" ? participantRawId : undefined,
    isSilent: silent === true,
  };
}

function decodeAudioMetadata(value: unknown): AcsAudioMetadata | AcsInvalidMessage {
  const fields = FieldReader.of(value, "AudioMetadata");
  if (fields === undefined) return invalid("AudioMetadata body is missing");
  const decoded: AcsAudioMetadata = {
    kind: "AudioMetadata",
    subscriptionId: fields.string("subscriptionId"),
    encoding: fields.string("encoding"),
    sampleRate: fields.number("sampleRate"),
    channels: fields.number("channels"),
    length: fields.optionalNumber("length"),
  };
  return fields.failure === undefined ? decoded : invalid(fields.failure);
}

function decodeDtmfData(value: unknown): AcsDtmfData | AcsInvalidMessage {
  const fields = FieldReader.of(value, "DtmfData");
  if (fields === undefined) return invalid("DtmfData body is missing");
  const decoded: AcsDtmfData = { kind: "DtmfData", data: fields.string("data") };
  return fields.failure === undefined ? decoded : invalid(fields.failure);
}

function decodeTranscriptionMetadata(value: unknown): AcsTranscriptionMetadata | AcsInvalidMessage {
  const fields = FieldReader.of(value, "TranscriptionMetadata");
  if (fields === undefined) return invalid("TranscriptionMetadata body is missing");
  const decoded: AcsTranscriptionMetadata = {
    kind: "TranscriptionMetadata",
    subscriptionId: fields.string("subscriptionId"),
    locale: fields.string("locale"),
    callConnectionId: fields.string("callConnectionId"),
    correlationId: fields.string("correlationId"),
    speechRecognitionModelEndpointId: fields.optionalString("speechRecognitionModelEndpointId"),
  };
  return fields.failure === undefined ? decoded : invalid(fields.failure);
}

function decodeTranscriptionData(value: unknown): AcsTranscriptionData | AcsInvalidMessage {
  const fields = FieldReader.of(value, "TranscriptionData");
  if (fields === undefined) return invalid("TranscriptionData body is missing");
  const words: AcsTranscriptionWord[] = [];
  for (const item of fields.array("words")) {
    const word = FieldReader.of(item, "TranscriptionData.words[]");
    if (word === undefined) return invalid("TranscriptionData.words[] is not an object");
    words.push({
      text: word.string("text"),
      offsetTicks: word.number("offset"),
      durationTicks: word.number("duration"),
    });
    if (word.failure !== undefined) return invalid(word.failure);
  }
  const decoded: AcsTranscriptionData = {
    kind: "TranscriptionData",
    text: fields.string("text"),
    format: fields.string("format"),
    confidence: fields.number("confidence"),
    offsetTicks: fields.number("offset"),
    durationTicks: fields.number("duration"),
    words,
    participantRawId: fields.optionalString("participantRawID", "participantRawId"),
    resultStatus: fields.string("resultStatus"),
    sentiment: fields.optionalObject("sentimentAnalysisResult")?.optionalString("sentiment"),
    languageIdentified: fields.optionalString("languageIdentified"),
  };
  return fields.failure === undefined ? decoded : invalid(fields.failure);
}
