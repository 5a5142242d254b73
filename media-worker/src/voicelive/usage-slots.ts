// What one replica used of one Voice Live endpoint in the last minute: new connections and tokens, in
// 5-second slots of wall-clock time, so that every replica's rows in the shared ledger line up and
// the minute slides. Bounded: slots older than the window are dropped as new ones come.

/** The quotas are per minute. */
export const USAGE_WINDOW_MS = 60_000;
export const USAGE_SLOT_MS = 5_000;
/**
 * The current slot plus the twelve before it: 60–65 s, never less than the minute the service counts
 * (a little more is the conservative side).
 */
const SLOTS_IN_WINDOW = USAGE_WINDOW_MS / USAGE_SLOT_MS;
const MAX_SLOTS = SLOTS_IN_WINDOW + 2;

export interface Usage {
  connections: number;
  tokens: number;
}

interface Slot extends Usage {
  /** floor(wall-clock ms / USAGE_SLOT_MS) */
  index: number;
}

export class UsageSlots {
  private slots: Slot[] = [];

  /** Counts `usage` at wall-clock `atMs`. */
  add(atMs: number, usage: Partial<Usage>): void {
    const index = slotOf(atMs);
    this.prune(index);
    let slot = this.slots.find((candidate) => candidate.index === index);
    if (!slot) {
      slot = { index, connections: 0, tokens: 0 };
      this.slots.push(slot);
      this.slots.sort((a, b) => a.index - b.index);
      // A wall clock set back leaves "future" slots behind for a while: never more than a window's worth.
      if (this.slots.length > MAX_SLOTS) this.slots.splice(0, this.slots.length - MAX_SLOTS);
    }
    slot.connections += usage.connections ?? 0;
    slot.tokens += usage.tokens ?? 0;
  }

  /** What was used in the window that ends at wall-clock `atMs`. */
  total(atMs: number): Usage {
    const now = slotOf(atMs);
    let connections = 0;
    let tokens = 0;
    for (const slot of this.slots) {
      if (!inWindow(slot.index, now)) continue;
      connections += slot.connections;
      tokens += slot.tokens;
    }
    return { connections, tokens };
  }

  /** `index:connections:tokens` per slot of the window, `;`-separated: the ledger row's value. */
  encode(atMs: number): string {
    const now = slotOf(atMs);
    return this.slots
      .filter((slot) => inWindow(slot.index, now))
      .map((slot) => `${slot.index}:${slot.connections}:${slot.tokens}`)
      .join(";");
  }

  /** Reads another replica's row; what cannot be read counts as nothing used. */
  static decode(text: string): UsageSlots {
    const usage = new UsageSlots();
    for (const part of text.split(";").slice(0, MAX_SLOTS)) {
      const [index, connections, tokens] = part.split(":").map(Number);
      if (![index, connections, tokens].every((n) => Number.isSafeInteger(n) && (n ?? -1) >= 0)) continue;
      usage.slots.push({ index: index ?? 0, connections: connections ?? 0, tokens: tokens ?? 0 });
    }
    usage.slots.sort((a, b) => a.index - b.index);
    return usage;
  }

  private prune(now: number): void {
    this.slots = this.slots.filter((slot) => inWindow(slot.index, now) || slot.index > now);
  }
}

function slotOf(atMs: number): number {
  return Math.floor(atMs / USAGE_SLOT_MS);
}

function inWindow(index: number, now: number): boolean {
  return index <= now && index >= now - SLOTS_IN_WINDOW;
}
