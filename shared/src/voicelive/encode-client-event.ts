// Typed client events -> wire text. The types already use the wire's snake_case names, so encoding
// is plain JSON; `undefined` fields vanish as JSON.stringify drops them.
import type { ClientEvent } from "./client-events.js";

export function encodeClientEvent(event: ClientEvent): string {
  return JSON.stringify(event);
}

/**
 * One `input_audio_buffer.append` frame, 50 times a second per call. Base64 never needs JSON escaping,
 * so concatenation gives the same text as encodeClientEvent without JSON.stringify's scan of the
 * payload (on Node 20 about 60x cheaper for a 20 ms frame at 24 kHz). The caller must pass base64
 * (as pcm16ToBase64 produces): anything else would not be valid JSON.
 */
export function encodeAudioAppend(base64Pcm: string): string {
  return `{"type":"input_audio_buffer.append","audio":"${base64Pcm}"}`;
}
