import type { Attributes, Meter } from "@opentelemetry/api";
import type { PoolStats } from "../voicelive/voice-live-pool.js";
import { POOL_INSTRUMENTS } from "./instruments.js";

/**
 * Each Voice Live endpoint's connections, refusals (by reason), tokens, time out of rotation and times it
 * had no budget left, plus the calls turned away: observable counters read from the pool's own running
 * totals at each export (the exporter turns them into per-interval values).
 */
export function observeVoiceLivePool(meter: Meter, stats: () => PoolStats): void {
  const counter = (instrument: { name: string; unit: string }, description: string) =>
    meter.createObservableCounter(instrument.name, { unit: instrument.unit, description });
  const connections = counter(POOL_INSTRUMENTS.connections, "Voice Live connections opened, per endpoint");
  const refusals = counter(
    POOL_INSTRUMENTS.refusals,
    "Times an endpoint was taken out of rotation (throttled, refused, unreachable, failing-responses)",
  );
  const tokens = counter(POOL_INSTRUMENTS.tokens, "Voice Live tokens used, per endpoint (response.done)");
  const outOfRotation = counter(POOL_INSTRUMENTS.outOfRotation, "Seconds an endpoint spent out of rotation");
  const overBudget = counter(
    POOL_INSTRUMENTS.overBudget,
    "Times a connection could not go to an endpoint because its budget for the minute was used",
  );
  const turnedAway = counter(
    POOL_INSTRUMENTS.turnedAway,
    "New calls given the busy signal: no Voice Live endpoint had budget left",
  );
  /** Attribute sets, built once per endpoint and reason. */
  const attributes = new Map<string, Attributes>();
  const attributesOf = (endpoint: string, reason?: string): Attributes => {
    const key = `${endpoint}\u0000${reason ?? ""}`;
    let found = attributes.get(key);
    if (!found) {
      found = Object.freeze(reason === undefined ? { endpoint } : { endpoint, reason });
      attributes.set(key, found);
    }
    return found;
  };
  meter.addBatchObservableCallback(
    (result) => {
      const current = stats();
      for (const endpoint of current.endpoints) {
        const own = attributesOf(endpoint.name);
        result.observe(connections, endpoint.connections, own);
        result.observe(tokens, endpoint.tokens, own);
        result.observe(outOfRotation, endpoint.outOfRotationMs / 1000, own);
        result.observe(overBudget, endpoint.overBudget, own);
        for (const [reason, count] of Object.entries(endpoint.refusals)) {
          result.observe(refusals, count, attributesOf(endpoint.name, reason));
        }
      }
      result.observe(turnedAway, current.callsTurnedAway);
    },
    [connections, refusals, tokens, outOfRotation, overBudget, turnedAway],
  );
}
