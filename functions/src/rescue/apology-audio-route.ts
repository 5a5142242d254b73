// GET /api/apology.wav: the short tone played (through Call Automation's play) to a caller whose call
// cannot be served before it is hung up. ACS fetches it from this public URL; it holds nothing secret.
import { renderApologyTone, writeWav } from "@acs-voice/shared";
import type { Route } from "../http/route.js";

export const APOLOGY_AUDIO_PATH = "/api/apology.wav";
/** ACS plays WAV files of 16-bit mono PCM at 16 kHz. */
const SAMPLE_RATE_HZ = 16_000;

export function apologyAudioRoute(): Route {
  const wav = writeWav({
    sampleRateHz: SAMPLE_RATE_HZ,
    channels: 1,
    samples: renderApologyTone(SAMPLE_RATE_HZ),
  });
  return {
    name: "apologyAudio",
    route: "apology.wav",
    methods: ["GET"],
    authLevel: "anonymous",
    maxBodyBytes: 0,
    async handle() {
      return {
        status: 200,
        headers: { "content-type": "audio/wav", "cache-control": "public, max-age=86400" },
        bytes: wav,
      };
    },
  };
}
