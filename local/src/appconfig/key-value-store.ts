// The key-values of the emulated store, identified by key and label (null = no label). Each write gets a
// fresh ETag and bumps the store revision (which the Sync-Token carries). Listing is ordered by key,
// then label, as the service pages it.

export interface KeyValue {
  readonly key: string;
  readonly label: string | null;
  readonly value: string | null;
  readonly contentType: string | null;
  readonly tags: Readonly<Record<string, string>>;
  readonly locked: boolean;
  readonly etag: string;
  readonly lastModifiedMs: number;
}

export interface KeyValueFields {
  value?: string | null;
  contentType?: string | null;
  tags?: Record<string, string>;
}

export interface KeyValueStoreOptions {
  now: () => number;
  newEtag: () => string;
  /** Settings beyond this count or total size are refused (the service has a storage quota). */
  maxSettings: number;
  maxTotalBytes: number;
}

export class StoreFullError extends Error {}

export class KeyValueStore {
  readonly #items = new Map<string, KeyValue>();
  readonly #options: KeyValueStoreOptions;
  #revision = 0;
  #totalBytes = 0;

  constructor(options: KeyValueStoreOptions) {
    this.#options = options;
  }

  /** Increments on every change. */
  get revision(): number {
    return this.#revision;
  }

  get(key: string, label: string | null): KeyValue | undefined {
    return this.#items.get(identity(key, label));
  }

  list(): KeyValue[] {
    return [...this.#items.values()].sort(
      (a, b) => compare(a.key, b.key) || compare(a.label ?? "", b.label ?? "") || (a.label === null ? -1 : 1),
    );
  }

  put(key: string, label: string | null, fields: KeyValueFields): KeyValue {
    const id = identity(key, label);
    const previous = this.#items.get(id);
    if (!previous && this.#items.size >= this.#options.maxSettings) throw new StoreFullError();
    const next: KeyValue = {
      key,
      label,
      value: fields.value ?? null,
      contentType: fields.contentType ?? null,
      tags: { ...(fields.tags ?? {}) },
      locked: previous?.locked ?? false,
      etag: this.#options.newEtag(),
      lastModifiedMs: this.#options.now(),
    };
    const totalBytes = this.#totalBytes - sizeOf(previous) + sizeOf(next);
    if (totalBytes > this.#options.maxTotalBytes) throw new StoreFullError();
    this.#totalBytes = totalBytes;
    this.#items.set(id, next);
    this.#revision++;
    return next;
  }

  delete(key: string, label: string | null): KeyValue | undefined {
    const id = identity(key, label);
    const previous = this.#items.get(id);
    if (previous) {
      this.#items.delete(id);
      this.#totalBytes -= sizeOf(previous);
      this.#revision++;
    }
    return previous;
  }

  setLocked(key: string, label: string | null, locked: boolean): KeyValue | undefined {
    const previous = this.get(key, label);
    if (!previous) return undefined;
    const next = { ...previous, locked, etag: this.#options.newEtag(), lastModifiedMs: this.#options.now() };
    this.#items.set(identity(key, label), next);
    this.#revision++;
    return next;
  }
}

/** Roughly what a key-value costs against the quota, as the service counts it: its text. */
function sizeOf(kv: KeyValue | undefined): number {
  if (!kv) return 0;
  const tags = Object.entries(kv.tags).reduce((sum, [name, value]) => sum + name.length + value.length, 0);
  return (
    kv.key.length + (kv.label?.length ?? 0) + (kv.value?.length ?? 0) + (kv.contentType?.length ?? 0) + tags
  );
}

function identity(key: string, label: string | null): string {
  return JSON.stringify([key, label]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
