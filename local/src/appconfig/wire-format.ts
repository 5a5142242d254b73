// Key-values on the wire: snake_case JSON as the service returns it (`application/vnd.microsoft.appconfig.kv+json`),
// optionally reduced to the `$select`ed fields.
import type { KeyValue } from "./key-value-store.js";

export const KV_MEDIA_TYPE = "application/vnd.microsoft.appconfig.kv+json";
export const KVSET_MEDIA_TYPE = "application/vnd.microsoft.appconfig.kvset+json";
export const PROBLEM_MEDIA_TYPE = "application/problem+json";

export const SELECTABLE_FIELDS = [
  "key",
  "label",
  "content_type",
  "value",
  "last_modified",
  "tags",
  "locked",
  "etag",
];

export function keyValueToWire(kv: KeyValue, select?: readonly string[]): Record<string, unknown> {
  const full: Record<string, unknown> = {
    etag: kv.etag,
    key: kv.key,
    label: kv.label,
    content_type: kv.contentType,
    value: kv.value,
    tags: kv.tags,
    locked: kv.locked,
    last_modified: new Date(kv.lastModifiedMs).toISOString(),
  };
  if (!select) return full;
  return Object.fromEntries(Object.entries(full).filter(([field]) => select.includes(field)));
}

/** The body of a PUT: the SDK sends value, content_type and tags (other fields are ignored, as on Azure). */
export interface KeyValueBody {
  value?: string | null;
  content_type?: string | null;
  tags?: Record<string, string>;
}

export function parseKeyValueBody(text: string): KeyValueBody | string {
  if (text.trim() === "") return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return "The body is not valid JSON.";
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    return "The body must be a JSON object.";
  const { value, content_type: contentType, tags } = json as Record<string, unknown>;
  if (value !== undefined && value !== null && typeof value !== "string") return "value must be a string.";
  if (contentType !== undefined && contentType !== null && typeof contentType !== "string") {
    return "content_type must be a string.";
  }
  if (
    tags !== undefined &&
    tags !== null &&
    (typeof tags !== "object" ||
      Array.isArray(tags) ||
      Object.values(tags).some((t) => typeof t !== "string"))
  ) {
    return "tags must map names to strings.";
  }
  return {
    value: value ?? null,
    content_type: contentType ?? null,
    tags: (tags ?? undefined) as Record<string, string> | undefined,
  };
}
