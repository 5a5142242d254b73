// Verifies the HMAC-SHA256 access-key signature that Azure SDK clients send to ACS
// (@azure/communication-common's access-key policy, research/acs.md §1) and to App Configuration
// (@azure/app-configuration's appConfigKeyCredentialPolicy). The scheme is the same:
//   Authorization: HMAC-SHA256 [Credential=<id>&]SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=<b64>
//   stringToSign = `${VERB}\n${pathAndQuery}\n${values of the signed headers joined by ';'}`
// keyed by the base64-DECODED key, the body hashing to x-ms-content-sha256, the date within 15 minutes
// of the server clock. What differs is the Credential: App Configuration names its key (the
// connection string's Id), ACS sends none.
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
  | "unknown-credential"
  | "unsupported-signed-headers"
  | "missing-date"
  | "stale-date"
  | "missing-signed-header"
  | "content-hash-mismatch"
  | "signature-mismatch";

export type HmacCheck = { ok: true } | { ok: false; reason: HmacFailure };

export interface HmacVerifierOptions {
  /** The key, base64 as in the connection string (ACS `accesskey`, App Configuration `Secret`). */
  accessKey: string;
  /** The `Credential=` the Authorization header must name (App Configuration's `Id`); ACS has none. */
  credentialId?: string;
  now?: () => number;
  maxClockSkewMs?: number;
}

const SCHEME = "HMAC-SHA256";
/** Headers a signature must cover, besides the date (`x-ms-date` or `Date`). */
const REQUIRED_SIGNED_HEADERS = ["host", "x-ms-content-sha256"];

export function createHmacVerifier(options: HmacVerifierOptions): (request: SignedRequest) => HmacCheck {
  const now = options.now ?? Date.now;
  const maxSkewMs = options.maxClockSkewMs ?? HMAC_MAX_CLOCK_SKEW_MS;
  const key = Buffer.from(options.accessKey, "base64");

  return (request) => {
    const authorization = headerValue(request.headers, "authorization");
    if (authorization === undefined) return { ok: false, reason: "missing-authorization" };
    const parsed = parseAuthorization(authorization);
    if (parsed === undefined) return { ok: false, reason: "malformed-authorization" };
    if (options.credentialId !== undefined) {
      if (parsed.credential === undefined) return { ok: false, reason: "malformed-authorization" };
      if (!equalStrings(parsed.credential, options.credentialId))
        return { ok: false, reason: "unknown-credential" };
    }

    const dateHeader = parsed.signedHeaders.find((name) => name === "x-ms-date" || name === "date");
    if (!dateHeader || REQUIRED_SIGNED_HEADERS.some((name) => !parsed.signedHeaders.includes(name))) {
      return { ok: false, reason: "unsupported-signed-headers" };
    }
    const dateMs = Date.parse(headerValue(request.headers, dateHeader) ?? "");
    if (Number.isNaN(dateMs)) return { ok: false, reason: "missing-date" };
    if (Math.abs(now() - dateMs) > maxSkewMs) return { ok: false, reason: "stale-date" };
    const values = parsed.signedHeaders.map((name) => headerValue(request.headers, name));
    if (values.some((value) => value === undefined)) return { ok: false, reason: "missing-signed-header" };

    const contentHash = createHash("sha256").update(request.body).digest("base64");
    if (!equalStrings(headerValue(request.headers, "x-ms-content-sha256") ?? "", contentHash)) {
      return { ok: false, reason: "content-hash-mismatch" };
    }

    const stringToSign = `${request.method.toUpperCase()}\n${request.pathAndQuery}\n${values.join(";")}`;
    const expected = createHmac("sha256", key).update(stringToSign, "utf8").digest("base64");
    return equalStrings(parsed.signature, expected)
      ? { ok: true }
      : { ok: false, reason: "signature-mismatch" };
  };
}

function parseAuthorization(
  value: string,
): { credential: string | undefined; signedHeaders: string[]; signature: string } | undefined {
  if (!value.startsWith(`${SCHEME} `)) return undefined;
  const params = new Map<string, string>();
  for (const part of value
    .slice(SCHEME.length + 1)
    .trim()
    .split("&")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return undefined;
    // The signature is base64 and may itself end in '=' padding: split on the first '=' only.
    params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const signedHeaders = params.get("SignedHeaders");
  const signature = params.get("Signature");
  if (!signedHeaders || !signature) return undefined;
  return {
    credential: params.get("Credential") || undefined,
    signedHeaders: signedHeaders.toLowerCase().split(";"),
    signature,
  };
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
