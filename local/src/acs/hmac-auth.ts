// Verifies the HMAC-SHA256 request signature that ACS access-key clients send (the scheme of
// @azure/communication-common's access-key policy, see research/acs.md §1):
//   stringToSign = `${VERB}\n${pathAndQuery}\n${date};${host};${contentHash}`
//   Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=<base64>
// with the HMAC keyed by the base64-DECODED access key. Azure's HMAC schemes reject a request whose date
// is more than 15 minutes away from the server clock.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export const HMAC_MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export interface SignedRequest {
  method: string;
  /** Raw request target as received: path plus `?query` when present. */
  pathAndQuery: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type HmacFailure =
  | "missing-authorization"
  | "malformed-authorization"
  | "unsupported-signed-headers"
  | "missing-date"
  | "stale-date"
  | "content-hash-mismatch"
  | "signature-mismatch";

export type HmacCheck = { ok: true } | { ok: false; reason: HmacFailure };

export interface HmacVerifierOptions {
  accessKey: string; // base64, as in the connection string
  now?: () => number;
  maxClockSkewMs?: number;
}

const SCHEME = "HMAC-SHA256";
const REQUIRED_SIGNED_HEADERS = ["host", "x-ms-content-sha256"];

export function contentSha256Base64(body: Buffer | string): string {
  return createHash("sha256").update(body).digest("base64");
}

/** Computes the signature the way the SDK does; exported so tests can sign deliberately wrong requests. */
export function computeHmacSignature(accessKey: string, stringToSign: string): string {
  return createHmac("sha256", Buffer.from(accessKey, "base64")).update(stringToSign, "utf8").digest("base64");
}

export function createHmacVerifier(options: HmacVerifierOptions): (request: SignedRequest) => HmacCheck {
  const now = options.now ?? Date.now;
  const maxSkewMs = options.maxClockSkewMs ?? HMAC_MAX_CLOCK_SKEW_MS;

  return (request) => {
    const authorization = headerValue(request.headers, "authorization");
    if (authorization === undefined) return { ok: false, reason: "missing-authorization" };
    const parsed = parseAuthorization(authorization);
    if (parsed === undefined) return { ok: false, reason: "malformed-authorization" };

    const dateHeader = parsed.signedHeaders[0];
    const signedRest = parsed.signedHeaders.slice(1);
    if (
      (dateHeader !== "x-ms-date" && dateHeader !== "date") ||
      signedRest.length !== REQUIRED_SIGNED_HEADERS.length ||
      signedRest.some((name, i) => name !== REQUIRED_SIGNED_HEADERS[i])
    ) {
      return { ok: false, reason: "unsupported-signed-headers" };
    }

    const date = headerValue(request.headers, dateHeader);
    if (date === undefined) return { ok: false, reason: "missing-date" };
    const dateMs = Date.parse(date);
    if (Number.isNaN(dateMs)) return { ok: false, reason: "missing-date" };
    if (Math.abs(now() - dateMs) > maxSkewMs) return { ok: false, reason: "stale-date" };

    const contentHash = headerValue(request.headers, "x-ms-content-sha256") ?? "";
    if (!equalStrings(contentHash, contentSha256Base64(request.body))) {
      return { ok: false, reason: "content-hash-mismatch" };
    }

    const host = headerValue(request.headers, "host") ?? "";
    const stringToSign = `${request.method.toUpperCase()}\n${request.pathAndQuery}\n${date};${host};${contentHash}`;
    const expected = computeHmacSignature(options.accessKey, stringToSign);
    if (!equalStrings(parsed.signature, expected)) return { ok: false, reason: "signature-mismatch" };
    return { ok: true };
  };
}

function parseAuthorization(value: string): { signedHeaders: string[]; signature: string } | undefined {
  if (!value.startsWith(`${SCHEME} `)) return undefined;
  const params = new Map<string, string>();
  for (const part of value
    .slice(SCHEME.length + 1)
    .trim()
    .split("&")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return undefined;
    // The signature is base64 and may itself end in '=' padding: split on the first '=' only.
    params.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const signedHeaders = params.get("SignedHeaders");
  const signature = params.get("Signature");
  if (!signedHeaders || !signature) return undefined;
  return { signedHeaders: signedHeaders.toLowerCase().split(";"), signature };
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function equalStrings(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
