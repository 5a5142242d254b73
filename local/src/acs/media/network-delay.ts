// The network between the worker and ACS, as the caller's side of the emulator models it: each message
// from the worker reaches the caller after a random delay, in order (one WebSocket is one TCP stream, so a
// late message holds up every message behind it). Delays are in call time, so a sped-up call keeps them.
import { seededRandom } from "../../soak/random.js";
import type { CallerClock, CancelTimer } from "./caller-clock.js";
import type { NetworkImpairment } from "./media-client-options.js";

/** Messages held in flight at most; beyond it a message waits for the one ahead (never dropped). */
const MAX_IN_FLIGHT = 10_000;

export class NetworkDelay {
  readonly #clock: CallerClock;
  readonly #random: () => number;
  readonly #jitterMs: number;
  readonly #burstProbability: number;
  readonly #burstMs: number;
  /** Messages on their way, oldest first, each with the call time it arrives. */
  readonly #inFlight: { arrivesAtMs: number; deliver: () => void }[] = [];
  #lastArrivalMs = 0;
  #cancel: CancelTimer | undefined;

  constructor(clock: CallerClock, impairment: NetworkImpairment) {
    this.#clock = clock;
    this.#random = seededRandom(impairment.seed ?? 1);
    this.#jitterMs = impairment.jitterMs ?? 0;
    this.#burstProbability = impairment.burstProbability ?? 0;
    this.#burstMs = impairment.burstMs ?? 0;
  }

  /** `deliver` runs once the message has crossed the network, after every message sent before it. */
  send(deliver: () => void): void {
    let delayMs = this.#random() * this.#jitterMs;
    if (this.#random() < this.#burstProbability) delayMs += this.#burstMs;
    const arrivesAtMs = Math.max(this.#lastArrivalMs, this.#clock.nowMs() + delayMs);
    this.#lastArrivalMs = arrivesAtMs;
    if (this.#inFlight.length >= MAX_IN_FLIGHT) this.#flushOne();
    this.#inFlight.push({ arrivesAtMs, deliver });
    if (this.#cancel === undefined) this.#schedule();
  }

  /** The connection is gone: nothing more arrives. */
  close(): void {
    this.#cancel?.();
    this.#cancel = undefined;
    this.#inFlight.length = 0;
  }

  #schedule(): void {
    const next = this.#inFlight[0];
    if (next === undefined) return;
    this.#cancel = this.#clock.setTimer(next.arrivesAtMs - this.#clock.nowMs(), () => {
      this.#cancel = undefined;
      const now = this.#clock.nowMs();
      while (this.#inFlight[0] !== undefined && this.#inFlight[0].arrivesAtMs <= now) this.#flushOne();
      this.#schedule();
    });
  }

  #flushOne(): void {
    this.#inFlight.shift()?.deliver();
  }
}
