/**
 * What the caller actually heard of each model audio item.
 *
 * Voice Live only knows what it generated; after a barge-in it must be told where the caller stopped
 * hearing (`conversation.item.truncate`), or the model believes its whole answer was heard. The worker
 * knows how much of each item it received from the model and how much it sent to ACS; what ACS still
 * held in its playout buffer at the moment of the interruption was never heard. This class holds that
 * arithmetic and nothing else: no clock, no sockets.
 */
export interface PlayedAudio {
  itemId: string;
  /** Milliseconds of the item's audio the caller heard, floored; always > 0 (otherwise no value). */
  audioEndMs: number;
}

interface ItemAudio {
  receivedMs: number;
  sentMs: number;
}

/** Items remembered at most; older ones are forgotten first (a call produces one item per answer). */
const DEFAULT_MAX_ITEMS = 32;

export class PlayoutTracker {
  private readonly items = new Map<string, ItemAudio>();
  private lastSentItemId: string | undefined;

  constructor(private readonly maxItems = DEFAULT_MAX_ITEMS) {}

  /** Audio of `itemId` arrived from the model (duration at the model's rate). */
  recordReceived(itemId: string, durationMs: number): void {
    this.item(itemId).receivedMs += finiteNonNegative(durationMs);
  }

  /** Audio of `itemId` was handed to the ACS socket. */
  recordSent(itemId: string, durationMs: number): void {
    this.item(itemId).sentMs += finiteNonNegative(durationMs);
    this.lastSentItemId = itemId;
  }

  /** The item whose audio reached ACS last: the one the caller was hearing. */
  get currentItemId(): string | undefined {
    return this.lastSentItemId;
  }

  sentMs(itemId: string): number {
    return this.items.get(itemId)?.sentMs ?? 0;
  }

  receivedMs(itemId: string): number {
    return this.items.get(itemId)?.receivedMs ?? 0;
  }

  /**
   * Milliseconds of `itemId` the caller heard, given how much audio ACS still held unplayed. Never more
   * than was sent or received, never negative, floored to whole milliseconds.
   */
  heardMs(itemId: string, stillBufferedMs: number): number {
    const audio = this.items.get(itemId);
    if (!audio) return 0;
    const delivered = Math.min(audio.sentMs, audio.receivedMs);
    const unplayed = Math.min(audio.sentMs, finiteNonNegative(stillBufferedMs));
    return Math.max(0, Math.floor(Math.min(delivered, audio.sentMs - unplayed)));
  }

  /**
   * Where to truncate the item the caller was hearing, or undefined when nothing of it was heard (the
   * service rejects a truncate at 0 ms, and there is nothing to correct).
   */
  playedAudio(stillBufferedMs: number): PlayedAudio | undefined {
    const itemId = this.lastSentItemId;
    if (itemId === undefined) return undefined;
    const audioEndMs = this.heardMs(itemId, stillBufferedMs);
    return audioEndMs > 0 ? { itemId, audioEndMs } : undefined;
  }

  /** After a barge-in the interrupted item is settled; later audio belongs to new items. */
  endPlayout(): void {
    this.lastSentItemId = undefined;
  }

  private item(itemId: string): ItemAudio {
    let audio = this.items.get(itemId);
    if (!audio) {
      audio = { receivedMs: 0, sentMs: 0 };
      this.items.set(itemId, audio);
      if (this.items.size > this.maxItems) {
        const oldest = this.items.keys().next().value;
        if (oldest !== undefined && oldest !== this.lastSentItemId) this.items.delete(oldest);
      }
    }
    return audio;
  }
}

function finiteNonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
