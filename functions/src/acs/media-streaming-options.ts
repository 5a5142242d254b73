import type { AcsAudioFormat } from "@acs-voice/shared";
import type { MediaStreamingOptions } from "@azure/communication-call-automation";

/**
 * The media leg every call gets (architecture.md, data path step 1): mixed audio both ways over the
 * worker's WebSocket from the moment the call connects, DTMF on the same socket.
 */
export function mediaStreamingOptions(
  mediaWorkerUrl: string,
  audioFormat: AcsAudioFormat,
): MediaStreamingOptions {
  return {
    transportType: "websocket",
    transportUrl: mediaWorkerUrl,
    contentType: "audio",
    audioChannelType: "mixed",
    startMediaStreaming: true,
    enableBidirectional: true,
    audioFormat,
    enableDtmfTones: true,
  };
}
