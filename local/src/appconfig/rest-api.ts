// The App Configuration data-plane subset `AppConfigurationClient` uses for key-values: list with
// key/label filters (tag filters and snapshots are refused: the worker's provider selects by key and
// label only), `$select` and `after` paging (`@nextLink` + Link header, page ETags with
// If-None-Match → 304), get/put/delete one key-value with ETags and If-Match/If-None-Match, and
// read-only locks. Query parameter names are case-insensitive (the SDK lowercases and sorts them).
import { createHash } from "node:crypto";
import { parseTextFilter } from "./filters.js";
import { type KeyValue, type KeyValueStore, StoreFullError } from "./key-value-store.js";
import {
  KV_MEDIA_TYPE,
  KVSET_MEDIA_TYPE,
  keyValueToWire,
  PROBLEM_MEDIA_TYPE,
  parseKeyValueBody,
  SELECTABLE_FIELDS,
} from "./wire-format.js";

export interface AppConfigResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

export interface AppConfigRequest {
  method: string;
  /** Path and query exactly as received. */
  target: string;
  ifMatch: string | undefined;
  ifNoneMatch: string | undefined;
  body: Buffer;
}

export interface AppConfigApiDeps {
  store: KeyValueStore;
  pageSize: number;
}

const json = (status: number, mediaType: string, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: { "content-type": `${mediaType}; charset=utf-8`, ...headers },
  body: JSON.stringify(body),
});

export function problem(status: number, title: string, detail: string, name?: string): AppConfigResponse {
  return json(status, PROBLEM_MEDIA_TYPE, {
    type: `https://azconfig.io/errors/${title.toLowerCase().replaceAll(" ", "-")}`,
    title,
    ...(name ? { name } : {}),
    detail,
    status,
  });
}

export function handleAppConfigRequest(deps: AppConfigApiDeps, request: AppConfigRequest): AppConfigResponse {
  const url = new URL(request.target, "http://emulator");
  const query = new Map<string, string[]>();
  for (const [name, value] of url.searchParams)
    query.set(name.toLowerCase(), [...(query.get(name.toLowerCase()) ?? []), value]);
  const method = request.method.toUpperCase();
  const path = url.pathname;

  if (path === "/kv" || path === "/kv/") {
    if (method !== "GET" && method !== "HEAD")
      return problem(405, "Method Not Allowed", "Use GET or HEAD on /kv.");
    return listKeyValues(deps, request, query, method === "HEAD");
  }
  for (const prefix of ["/kv/", "/locks/"]) {
    if (!path.startsWith(prefix)) continue;
    let key: string;
    try {
      key = decodeURIComponent(path.slice(prefix.length));
    } catch {
      return problem(400, "Invalid Key", "The key is not valid percent-encoding.", "key");
    }
    if (key === "") return problem(400, "Invalid Key", "The key must not be empty.", "key");
    const label = readLabel(query.get("label")?.[0]);
    return prefix === "/kv/"
      ? keyValueOperation(deps, request, method, key, label, query)
      : lockOperation(deps, method, key, label);
  }
  return problem(404, "Not Found", "The emulator serves /kv and /locks only.");
}

function listKeyValues(
  deps: AppConfigApiDeps,
  request: AppConfigRequest,
  query: Map<string, string[]>,
  headOnly: boolean,
): AppConfigResponse {
  if (query.has("snapshot"))
    return problem(400, "Invalid Argument", "Snapshots are not emulated.", "snapshot");
  const keyFilter = parseTextFilter(query.get("key")?.[0] ?? null, "key");
  if (!keyFilter.ok) return problem(400, "Invalid Argument", keyFilter.reason, "key");
  const labelFilter = parseTextFilter(query.get("label")?.[0] ?? null, "label");
  if (!labelFilter.ok) return problem(400, "Invalid Argument", labelFilter.reason, "label");
  if (query.has("tags")) return problem(400, "Invalid Argument", "Tag filters are not emulated.", "tags");
  const select = readSelect(query.get("$select")?.[0]);
  if (typeof select === "string") return problem(400, "Invalid Argument", select, "$select");

  const after = readAfterToken(query.get("after")?.[0]);
  if (after === null) return problem(400, "Invalid Argument", "The after token is not valid.", "after");
  const matching = deps.store
    .list()
    .filter((kv) => keyFilter.filter(kv.key) && labelFilter.filter(kv.label))
    .filter((kv) => after === undefined || isAfter(kv, after));
  const page = matching.slice(0, deps.pageSize);
  const last = page.at(-1);
  const nextLink = matching.length > page.length && last ? nextPageLink(request.target, last) : undefined;
  const etag = pageEtag(page, request.target);

  const headers: Record<string, string> = { etag: `"${etag}"` };
  if (nextLink) headers.link = `<${nextLink}>; rel="next"`;
  if (matchesEtag(request.ifNoneMatch, etag)) return { status: 304, headers };
  if (headOnly)
    return { status: 200, headers: { "content-type": `${KVSET_MEDIA_TYPE}; charset=utf-8`, ...headers } };
  return json(
    200,
    KVSET_MEDIA_TYPE,
    {
      items: page.map((kv) => keyValueToWire(kv, select)),
      etag,
      ...(nextLink ? { "@nextLink": nextLink } : {}),
    },
    headers,
  );
}

function keyValueOperation(
  deps: AppConfigApiDeps,
  request: AppConfigRequest,
  method: string,
  key: string,
  label: string | null,
  query: Map<string, string[]>,
): AppConfigResponse {
  const current = deps.store.get(key, label);
  const preconditionFailed = failedPrecondition(current, request);

  switch (method) {
    case "GET":
    case "HEAD": {
      if (!current) return problem(404, "Key Not Found", "The key-value does not exist.");
      const headers = keyValueHeaders(current);
      if (matchesEtag(request.ifNoneMatch, current.etag)) return { status: 304, headers };
      if (preconditionFailed) return problem(412, "Precondition Failed", "The ETag does not match.");
      const select = readSelect(query.get("$select")?.[0]);
      if (typeof select === "string") return problem(400, "Invalid Argument", select, "$select");
      if (method === "HEAD")
        return { status: 200, headers: { ...headers, "content-type": `${KV_MEDIA_TYPE}; charset=utf-8` } };
      return json(200, KV_MEDIA_TYPE, keyValueToWire(current, select), headers);
    }
    case "PUT": {
      if (preconditionFailed) return problem(412, "Precondition Failed", "The ETag does not match.");
      if (current?.locked) return problem(409, "Key Locked", "The key-value is read-only.");
      const body = parseKeyValueBody(request.body.toString("utf8"));
      if (typeof body === "string") return problem(400, "Invalid Argument", body);
      try {
        const stored = deps.store.put(key, label, {
          value: body.value,
          contentType: body.content_type,
          tags: body.tags,
        });
        return json(200, KV_MEDIA_TYPE, keyValueToWire(stored), keyValueHeaders(stored));
      } catch (error) {
        if (error instanceof StoreFullError) return problem(429, "Quota Exceeded", "The store is full.");
        throw error;
      }
    }
    case "DELETE": {
      if (preconditionFailed) return problem(412, "Precondition Failed", "The ETag does not match.");
      if (!current) return { status: 204, headers: {} };
      if (current.locked) return problem(409, "Key Locked", "The key-value is read-only.");
      deps.store.delete(key, label);
      return json(200, KV_MEDIA_TYPE, keyValueToWire(current), keyValueHeaders(current));
    }
    default:
      return problem(405, "Method Not Allowed", "Use GET, HEAD, PUT or DELETE on /kv/{key}.");
  }
}

function lockOperation(
  deps: AppConfigApiDeps,
  method: string,
  key: string,
  label: string | null,
): AppConfigResponse {
  if (method !== "PUT" && method !== "DELETE")
    return problem(405, "Method Not Allowed", "Use PUT or DELETE on /locks/{key}.");
  const updated = deps.store.setLocked(key, label, method === "PUT");
  if (!updated) return problem(404, "Key Not Found", "The key-value does not exist.");
  return json(200, KV_MEDIA_TYPE, keyValueToWire(updated), keyValueHeaders(updated));
}

/** If-Match must name the current ETag (or `*` for "exists"); If-None-Match `*` on a write means "must not exist". */
function failedPrecondition(current: KeyValue | undefined, request: AppConfigRequest): boolean {
  if (request.ifMatch !== undefined) {
    if (!current) return true;
    if (!matchesEtag(request.ifMatch, current.etag)) return true;
  }
  const writing = request.method.toUpperCase() === "PUT";
  return writing && request.ifNoneMatch?.trim() === "*" && current !== undefined;
}

function keyValueHeaders(kv: KeyValue): Record<string, string> {
  return { etag: `"${kv.etag}"`, "last-modified": new Date(kv.lastModifiedMs).toUTCString() };
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(",")
    .map((part) => part.trim())
    .some(
      (candidate) => candidate === "*" || candidate.replace(/^W\//, "").replace(/^["']|["']$/g, "") === etag,
    );
}

/** Absent, empty and `\0` all mean "no label" for a single key-value. */
function readLabel(value: string | undefined): string | null {
  return value === undefined || value === "" || value === "\0" ? null : value;
}

function readSelect(value: string | undefined): string[] | undefined | string {
  if (value === undefined || value === "") return undefined;
  const fields = value.split(",").map((field) => field.trim());
  const unknown = fields.find((field) => !SELECTABLE_FIELDS.includes(field));
  return unknown === undefined ? fields : `Unknown field in $select: ${unknown.slice(0, 32)}.`;
}

interface Position {
  key: string;
  label: string | null;
}

function readAfterToken(value: string | undefined): Position | undefined | null {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as unknown;
    if (
      Array.isArray(parsed) &&
      typeof parsed[0] === "string" &&
      (typeof parsed[1] === "string" || parsed[1] === null)
    ) {
      return { key: parsed[0], label: parsed[1] };
    }
  } catch {
    // falls through to "invalid"
  }
  return null;
}

/** Order of the listing: key, then no label before any label, then label. */
function isAfter(kv: KeyValue, position: Position): boolean {
  if (kv.key !== position.key) return kv.key > position.key;
  if (kv.label === position.label) return false;
  if (position.label === null) return true;
  if (kv.label === null) return false;
  return kv.label > position.label;
}

function nextPageLink(target: string, last: KeyValue): string {
  const url = new URL(target, "http://emulator");
  for (const name of [...url.searchParams.keys()])
    if (name.toLowerCase() === "after") url.searchParams.delete(name);
  url.searchParams.set("after", Buffer.from(JSON.stringify([last.key, last.label])).toString("base64url"));
  return `${url.pathname}${url.search}`;
}

function pageEtag(page: readonly KeyValue[], target: string): string {
  const hash = createHash("sha256");
  hash.update(target);
  for (const kv of page) hash.update(`\n${kv.key}\0${kv.label ?? ""}\0${kv.etag}`);
  return hash.digest("base64url").slice(0, 32);
}
