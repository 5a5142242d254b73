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
