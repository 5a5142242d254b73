// Media client options a test can set for every answered call (AcsEmulatorOptions.mediaClient) or for one
// call (RingOptions.media). Mirrors the optional part of the media client's options.

export interface MediaLegDefaults {
  caller: Int16Array;
  silenceThreshold: number;
  clock: "realtime" | { speed: number };
  jitterBufferMs: number;
  trailingSilenceMs: number;
}
