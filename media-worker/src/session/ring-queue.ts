/**
 * A first-in first-out queue over one array used as a ring: push and shift never allocate once the
 * ring has grown to the queue's high-water mark, and a slot is cleared as it is taken so the item can
 * be collected. The pacer holds seconds of a call's audio here; an array with a moving head reallocated
 * its storage as it grew and was copied every thousand frames, garbage that lived long enough to reach
 * the old generation.
 */
export class RingQueue<T> {
  private slots: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(initialCapacity = 16) {
    this.slots = new Array<T | undefined>(Math.max(1, initialCapacity)).fill(undefined);
  }

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.slots.length) this.grow();
    this.slots[(this.head + this.count) % this.slots.length] = item;
    this.count++;
  }

  /** The oldest item, without taking it. */
  peek(): T | undefined {
    return this.count === 0 ? undefined : this.slots[this.head];
  }

  /** Takes the oldest item. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.slots[this.head];
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.slots.length;
    this.count--;
    return item;
  }

  /** Takes every item, oldest first, handing each to `each` (the ring keeps its capacity). */
  drain(each?: (item: T) => void): void {
    while (this.count > 0) {
      const item = this.shift() as T;
      each?.(item);
    }
    this.head = 0;
  }

  /** Doubles the ring, the items in order from slot 0. */
  private grow(): void {
    const slots = new Array<T | undefined>(this.slots.length * 2).fill(undefined);
    for (let i = 0; i < this.count; i++) slots[i] = this.slots[(this.head + i) % this.slots.length];
    this.slots = slots;
    this.head = 0;
  }
}
