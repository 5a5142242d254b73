/**
 * Per-call counters, plain data: read by tests and the call summary log line, and the source for the
 * telemetry exporter. Counts only; no payloads, ids or timings of individual frames.
 */
export interface CallMetrics {
  /** ACS AudioData frames received, silent ones included. */
  framesIn: number;
  silentFramesIn: number;
  /** 20 ms frames sent to ACS. */
  framesOut: number;
  /** Inbound frames dropped because Voice Live was not open and the short buffer was full. */
  inboundDropped: number;
  /** Outbound frames refused because the pacer's queue was full. */
  outboundDropped: number;
  /** Outbound frames thrown away by barge-ins (queued, never played). */
  outboundCleared: number;
  /** Model audio deltas of interrupted responses that arrived late and were not played. */
  staleDeltasDropped: number;
  /** Pacer ticks held back because the ACS socket was congested. */
  sendsDeferred: number;
  acsMalformed: number;
  acsUnknown: number;
  voiceLiveMalformed: number;
  voiceLiveUnknown: number;
  voiceLiveErrors: number;
  voiceLiveReconnects: number;
  /** Sessions replaced before they expired (no audible gap). */
  voiceLiveRenewals: number;
  /** ACS media sockets that dropped abnormally, and how many of those ACS reconnected in time. */
  acsMediaLosses: number;
  acsMediaResumes: number;
  toolCalls: number;
  /** Tool calls that ended in an error, a timeout, bad arguments or an unknown tool. */
  toolFailures: number;
  transfers: number;
  transferFailures: number;
  dtmfSequences: number;
  /** DtmfData messages that were not one DTMF tone. */
  dtmfInvalid: number;
  bargeIns: number;
  truncations: number;
  cancellations: number;
  responses: number;
  /** From the accepted upgrade to the first audio frame sent to ACS; undefined until then. */
  timeToFirstAudioMs: number | undefined;
}

export function createCallMetrics(): CallMetrics {
  return {
    framesIn: 0,
    silentFramesIn: 0,
    framesOut: 0,
    inboundDropped: 0,
    outboundDropped: 0,
    outboundCleared: 0,
    staleDeltasDropped: 0,
    sendsDeferred: 0,
    acsMalformed: 0,
    acsUnknown: 0,
    voiceLiveMalformed: 0,
    voiceLiveUnknown: 0,
    voiceLiveErrors: 0,
    voiceLiveReconnects: 0,
    voiceLiveRenewals: 0,
    acsMediaLosses: 0,
    acsMediaResumes: 0,
    toolCalls: 0,
    toolFailures: 0,
    transfers: 0,
    transferFailures: 0,
    dtmfSequences: 0,
    dtmfInvalid: 0,
    bargeIns: 0,
    truncations: 0,
    cancellations: 0,
    responses: 0,
    timeToFirstAudioMs: undefined,
  };
}
