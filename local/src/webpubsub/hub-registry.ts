// The hubs of the emulated service. Hub names are case-insensitive on Azure; a configured list
// restricts which hubs exist, otherwise any valid name is created on first use.
import { type DropSession, Hub } from "./hub.js";

const HUB_NAME = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;

export class HubRegistry {
  readonly #hubs = new Map<string, Hub>();
  readonly #allowed: ReadonlySet<string> | undefined;
  readonly #drop: DropSession;

  constructor(allowed: readonly string[] | undefined, drop: DropSession) {
    this.#allowed = allowed ? new Set(allowed.map((name) => name.toLowerCase())) : undefined;
    this.#drop = drop;
  }

  /** The hub, created on first use; undefined for an invalid or unconfigured name. */
  get(name: string): Hub | undefined {
    if (!HUB_NAME.test(name)) return undefined;
    const key = name.toLowerCase();
    if (this.#allowed && !this.#allowed.has(key)) return undefined;
    let hub = this.#hubs.get(key);
    if (!hub) {
      hub = new Hub(key, this.#drop);
      this.#hubs.set(key, hub);
    }
    return hub;
  }

  all(): Hub[] {
    return [...this.#hubs.values()];
  }
}
