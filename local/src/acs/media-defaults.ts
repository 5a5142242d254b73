// Media client options a test can set for every answered call (AcsEmulatorOptions.mediaClient) or for one
// call (RingOptions.media). The per-call fields (URL, token, ids, format) always come from the call.
import type { MediaClientOptions } from "./media/index.js";

export type MediaLegDefaults = Omit<
  MediaClientOptions,
  "transportUrl" | "authorization" | "callConnectionId" | "correlationId" | "format"
>;
