import type { ConversationItemCreateEvent } from "@acs-voice/shared";

export interface HistoryEntry {
  role: "user" | "assistant";
  text: string;
}

/** What a new Voice Live session is given back: enough for context, bounded in size. */
const DEFAULT_MAX_CHARS = 24_000;
const DEFAULT_MAX_ENTRIES = 200;

/**
 * The conversation so far as text, kept so that a replacement Voice Live session (after a drop, or
 * before the old one expires) can be given the transcript and continue where the call was. The oldest
 * entries go first when the bound is reached.
 */
export class ConversationHistory {
  private entries: HistoryEntry[] = [];
  private chars = 0;

  constructor(
    private readonly maxChars = DEFAULT_MAX_CHARS,
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
  ) {}

  add(role: HistoryEntry["role"], text: string): void {
    const trimmed = text.trim().slice(0, this.maxChars);
    if (trimmed === "") return;
    this.entries.push({ role, text: trimmed });
    this.chars += trimmed.length;
    while (this.entries.length > this.maxEntries || this.chars > this.maxChars) {
      const dropped = this.entries.shift();
      if (!dropped) break;
      this.chars -= dropped.text.length;
    }
  }

  get size(): number {
    return this.entries.length;
  }

  all(): readonly HistoryEntry[] {
    return this.entries;
  }

  /** The history as `conversation.item.create` events, oldest first. */
  restoreEvents(): ConversationItemCreateEvent[] {
    return this.entries.map((entry) => ({
      type: "conversation.item.create",
      item:
        entry.role === "user"
          ? { type: "message", role: "user", content: [{ type: "input_text", text: entry.text }] }
          : { type: "message", role: "assistant", content: [{ type: "text", text: entry.text }] },
    }));
  }
}
