// The settings that point the services at the emulators, by the names the services read (README,
// "Configuration"): only the emulators' addresses, ids and keys. What a run wants of a service itself
// (PORT, WORKER_ID, GREETING, CALL_TICKETS, limits) it adds on top. The emulators stay independent of
// product code: this is a list of names and values, nothing is imported from the services.

/** What the ACS emulator reports about itself (AcsEmulator, or its process's ready message). */
export interface EmulatedAcs {
  connectionString: string;
  resourceId: string;
  issuer: string;
  jwksUrl: string;
}

export interface ServiceEmulators {
  acs: EmulatedAcs;
  /** ACS_AUDIO_FORMAT (`pcm24KMono`, `pcm16KMono`); unset: the services' default. */
  audioFormat?: string;
  /** The control plane (callbacks and supervisor actions reach the worker that owns the call). */
  webPubSub?: { connectionString: string };
}

export interface WorkerEmulators extends ServiceEmulators {
  /**
   * One Voice Live emulator (VOICE_LIVE_ENDPOINT), or several as a pool (VOICE_LIVE_ENDPOINTS, entries
   * `name=url;…` separated by commas), with the key they accept.
   */
  voiceLive?: { url: string; apiKey: string } | { endpoints: string; apiKey: string };
  /** Azurite: the call records, tickets and the pool's usage ledger. */
  tables?: { connectionString: string };
}

/**
 * One Voice Live emulator as a pool of one with the largest budget the worker accepts, for runs that
 * open more calls a minute than one S0 resource allows (load, jitter and soak): without it the worker's
 * own admission control, not the code being measured, turns calls away after the 30th in a minute.
 */
export function unmeteredVoiceLive(voiceLive: { url: string; apiKey: string }): {
  endpoints: string;
  apiKey: string;
} {
  return {
    endpoints: `emulator=${voiceLive.url};connectionsPerMinute=100000;tokensPerMinute=1000000000`,
    apiKey: voiceLive.apiKey,
  };
}

/** The control-plane hub of every local run. */
export const LOCAL_CONTROL_HUB = "calls";

/** What both services read to reach the emulated ACS and Web PubSub. */
export function serviceEnv(emulators: ServiceEmulators): Record<string, string> {
  const { acs, audioFormat, webPubSub } = emulators;
  return {
    ACS_CONNECTION_STRING: acs.connectionString,
    ACS_AUDIENCE: acs.resourceId,
    ACS_ISSUER: acs.issuer,
    ACS_JWKS_URL: acs.jwksUrl,
    ...(audioFormat !== undefined ? { ACS_AUDIO_FORMAT: audioFormat } : {}),
    ...(webPubSub !== undefined
      ? { WEB_PUBSUB_CONNECTION_STRING: webPubSub.connectionString, WEB_PUBSUB_HUB: LOCAL_CONTROL_HUB }
      : {}),
  };
}

/** A media worker's environment from the running emulators. */
export function mediaWorkerEnv(emulators: WorkerEmulators): Record<string, string> {
  const { voiceLive, tables } = emulators;
  return {
    ...serviceEnv(emulators),
    ...(voiceLive === undefined
      ? {}
      : "endpoints" in voiceLive
        ? { VOICE_LIVE_ENDPOINTS: voiceLive.endpoints, VOICE_LIVE_API_KEY: voiceLive.apiKey }
        : { VOICE_LIVE_ENDPOINT: voiceLive.url, VOICE_LIVE_API_KEY: voiceLive.apiKey }),
    ...(tables !== undefined ? { CALL_RECORDS_CONNECTION_STRING: tables.connectionString } : {}),
  };
}
