// The App Configuration emulator: the key-value REST API of `@azure/app-configuration` on 127.0.0.1,
// HMAC-verified with the connection string's credential, with Sync-Tokens, ETags and paging.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createHmacVerifier } from "../auth/hmac-verifier.js";
import { type KeyValue, KeyValueStore } from "./key-value-store.js";
import { type AppConfigResponse, handleAppConfigRequest, problem } from "./rest-api.js";

export interface AppConfigSeed {
  key: string;
  value: string;
  label?: string;
  contentType?: string;
  tags?: Record<string, string>;
}

export interface AppConfigEmulatorOptions {
  /** The connection string's `Id`; default "local-emulator". */
  credentialId?: string;
  /** The connection string's `Secret` (base64); random by default. */
  secret?: string;
  settings?: AppConfigSeed[];
  /** Key-values per page of `GET /kv`; default 100 as on Azure. */
  pageSize?: number;
  /** Allowed x-ms-date skew; default 15 minutes as on Azure. */
  hmacMaxClockSkewMs?: number;
  now?: () => number;
  newEtag?: () => string;
}

export interface AppConfigRecordedRequest {
  method: string;
  path: string;
  query: Record<string, string[]>;
  /** Conditional and sync headers as received (never the Authorization header). */
  headers: { ifMatch?: string; ifNoneMatch?: string; syncToken?: string };
  /** The body as UTF-8 text, at most its first 64 KB. */
  body: string;
  status: number;
  atMs: number;
}

export interface AppConfigEmulator {
  /** http://127.0.0.1:N (no trailing slash). */
  readonly url: string;
  /** Endpoint=http://127.0.0.1:N;Id=…;Secret=… */
  readonly connectionString: string;
  readonly credentialId: string;
  readonly secret: string;
  /** Every request (bounded to MAX_APPCONFIG_RECORDS), oldest first. */
  readonly requests: AppConfigRecordedRequest[];
  set(
    key: string,
    value: string,
    label?: string,
    extra?: { contentType?: string; tags?: Record<string, string> },
  ): KeyValue;
  /** True when a key-value was removed. */
  delete(key: string, label?: string): boolean;
  get(key: string, label?: string): KeyValue | undefined;
  settings(): KeyValue[];
  close(): Promise<void>;
}

export const MAX_APPCONFIG_RECORDS = 10_000;
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_SETTINGS = 50_000;
const MAX_STORE_BYTES = 64 * 1024 * 1024;
/** Recorded bodies keep at most this much. */
const MAX_RECORDED_BODY_BYTES = 64 * 1024;

export async function startAppConfigEmulator(
  options: AppConfigEmulatorOptions = {},
): Promise<AppConfigEmulator> {
  const now = options.now ?? Date.now;
  const credentialId = options.credentialId ?? "local-emulator";
  const secret = options.secret ?? randomBytes(32).toString("base64");
  const store = new KeyValueStore({
    now,
    newEtag: options.newEtag ?? (() => randomUUID().replaceAll("-", "")),
    maxSettings: MAX_SETTINGS,
    maxTotalBytes: MAX_STORE_BYTES,
  });
  for (const seed of options.settings ?? []) {
    store.put(seed.key, seed.label ?? null, {
      value: seed.value,
      contentType: seed.contentType,
      tags: seed.tags,
    });
  }
  const verify = createHmacVerifier({
    accessKey: secret,
    credentialId,
    now,
    maxClockSkewMs: options.hmacMaxClockSkewMs,
  });
  const syncTokenId = randomBytes(6).toString("base64url");
  const syncToken = () =>
    `${syncTokenId}=${Buffer.from(String(store.revision)).toString("base64")};sn=${store.revision}`;
  const requests: AppConfigRecordedRequest[] = [];

  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const target = request.url ?? "/";
    const body = await readBody(request);
    const method = request.method ?? "GET";
    let result: AppConfigResponse;
    if (body === undefined) {
      result = problem(413, "Payload Too Large", "The request body exceeds 1 MB.");
    } else {
      const auth = verify({ method, pathAndQuery: target, headers: request.headers, body });
      result = auth.ok
        ? handleAppConfigRequest(
            { store, pageSize: options.pageSize ?? 100 },
            {
              method,
              target,
              ifMatch: header(request, "if-match"),
              ifNoneMatch: header(request, "if-none-match"),
              body,
            },
          )
        : {
            status: 401,
            headers: {
              "www-authenticate": `HMAC-SHA256 error="invalid_token", error_description="${auth.reason}"`,
            },
          };
      if (auth.ok) result.headers["sync-token"] = syncToken();
    }
    const parsed = new URL(target, "http://emulator");
    requests.push({
      method,
      path: parsed.pathname,
      query: groupQuery(parsed.searchParams),
      headers: {
        ifMatch: header(request, "if-match"),
        ifNoneMatch: header(request, "if-none-match"),
        syncToken: header(request, "sync-token"),
      },
      body: body?.subarray(0, MAX_RECORDED_BODY_BYTES).toString("utf8") ?? "",
      status: result.status,
      atMs: now(),
    });
    if (requests.length > MAX_APPCONFIG_RECORDS) requests.splice(0, requests.length - MAX_APPCONFIG_RECORDS);
    response.writeHead(result.status, result.headers);
    response.end(method === "HEAD" ? undefined : result.body);
  };

  const server = createServer((request, response) => {
    serve(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    connectionString: `Endpoint=${url};Id=${credentialId};Secret=${secret}`,
    credentialId,
    secret,
    requests,
    set: (key, value, label, extra) =>
      store.put(key, label ?? null, { value, contentType: extra?.contentType, tags: extra?.tags }),
    delete: (key, label) => store.delete(key, label ?? null) !== undefined,
    get: (key, label) => store.get(key, label ?? null),
    settings: () => store.list(),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    else chunks.push(buffer);
  }
  return tooLarge ? undefined : Buffer.concat(chunks);
}

function groupQuery(params: URLSearchParams): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [key, value] of params) query[key] = [...(query[key] ?? []), value];
  return query;
}
