// What the emulator records for tests: every client message as received and every event as sent.

export interface ReceivedMessage {
  readonly sessionId: string;
  readonly receivedAtMs: number;
  /** Parsed JSON, or undefined when the frame was not valid JSON (see `invalid`). */
  readonly message: unknown;
  readonly type: string | undefined;
  readonly invalid?: string;
}

export interface SentEvent {
  readonly sessionId: string;
  readonly sentAtMs: number;
  readonly type: string;
  readonly event: Record<string, unknown>;
}

/** A list that keeps at most `limit` entries and counts what it had to drop. */
export class BoundedLog<T> {
  private readonly entries: T[] = [];
  dropped = 0;

  constructor(private readonly limit: number) {}

  push(entry: T): void {
    if (this.entries.length >= this.limit) {
      this.dropped++;
      return;
    }
    this.entries.push(entry);
  }

  get all(): readonly T[] {
    return this.entries;
  }
}

/** A BoundedLog that can be waited on: resolves with the first entry (past or future) that matches. */
export class WaitableLog<T> extends BoundedLog<T> {
  private readonly waiters = new Set<() => void>();

  override push(entry: T): void {
    super.push(entry);
    this.notify();
  }

  /** Wakes the waiters, e.g. when the source closed and they should give up. */
  notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  waitFor(
    predicate: (entry: T) => boolean,
    what: string,
    timeoutMs: number,
    ended: () => boolean,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs);
      const finish = (outcome: T | Error) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      const check = () => {
        const found = this.all.find(predicate);
        if (found !== undefined) finish(found);
        else if (ended()) finish(new Error(`session closed before ${what}`));
      };
      this.waiters.add(check);
      check();
    });
  }
}
