// Verifies App Configuration's HMAC-SHA256 request signature, as `@azure/app-configuration` signs it
// (appConfigKeyCredentialPolicy):
//   Authorization: HMAC-SHA256 Credential=<id>&SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=<b64>
//   stringToSign = `${VERB}\n${pathAndQuery}\n${values of the signed headers joined by ';'}`
// keyed by the base64-DECODED secret. The body must hash to x-ms-content-sha256, and the date must be
// within 15 minutes of the server clock, as on Azure.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export const APPCONFIG_MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export type AppConfigAuthFailure =
  | "missing-authorization"
  | "malformed-authorization"
  | "unknown-credential"
  | "missing-signed-header"
  | "missing-date"
  | "stale-date"
  | "content-hash-mismatch"
  | "signature-mismatch";

export type AppConfigAuthCheck = { ok: true } | { ok: false; reason: AppConfigAuthFailure };

export interface AppConfigSignedRequest {
  method: string;
  /** Path and query exactly as received. */
  pathAndQuery: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface AppConfigHmacVerifierOptions {
  credentialId: string;
  /** base64, as in the connection string. */
  secret: string;
  now: () => number;
  maxClockSkewMs?: number;
}

const SCHEME = "HMAC-SHA256";
/** Headers a signature must cover; the date may come as x-ms-date or Date. */
const REQUIRED_SIGNED = ["host", "x-ms-content-sha256"];

export function createAppConfigHmacVerifier(
  options: AppConfigHmacVerifierOptions,
): (request: AppConfigSignedRequest) => AppConfigAuthCheck {
  const maxSkewMs = options.maxClockSkewMs ?? APPCONFIG_MAX_CLOCK_SKEW_MS;
  const key = Buffer.from(options.secret, "base64");

  return (request) => {
    const authorization = header(request.headers, "authorization");
    if (authorization === undefined) return { ok: false, reason: "missing-authorization" };
    const parsed = parseAuthorization(authorization);
    if (!parsed) return { ok: false, reason: "malformed-authorization" };
    if (!sameText(parsed.credential, options.credentialId))
      return { ok: false, reason: "unknown-credential" };

    const dateHeader = parsed.signedHeaders.find((name) => name === "x-ms-date" || name === "date");
    if (!dateHeader || REQUIRED_SIGNED.some((name) => !parsed.signedHeaders.includes(name))) {
      return { ok: false, reason: "missing-signed-header" };
    }
    const values = parsed.signedHeaders.map((name) => header(request.headers, name));
    if (values.some((value) => value === undefined)) return { ok: false, reason: "missing-signed-header" };

    const dateMs = Date.parse(header(request.headers, dateHeader) ?? "");
    if (Number.isNaN(dateMs)) return { ok: false, reason: "missing-date" };
    if (Math.abs(options.now() - dateMs) > maxSkewMs) return { ok: false, reason: "stale-date" };

    const contentHash = createHash("sha256").update(request.body).digest("base64");
    if (!sameText(header(request.headers, "x-ms-content-sha256") ?? "", contentHash)) {
      return { ok: false, reason: "content-hash-mismatch" };
    }

    const stringToSign = `${request.method.toUpperCase()}\n${request.pathAndQuery}\n${values.join(";")}`;
    const expected = createHmac("sha256", key).update(stringToSign, "utf8").digest("base64");
    return sameText(parsed.signature, expected) ? { ok: true } : { ok: false, reason: "signature-mismatch" };
  };
}

function parseAuthorization(
  value: string,
): { credential: string; signedHeaders: string[]; signature: string } | undefined {
  if (!value.startsWith(`${SCHEME} `)) return undefined;
  const params = new Map<string, string>();
  for (const part of value
    .slice(SCHEME.length + 1)
    .trim()
    .split("&")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return undefined;
    // Signatures are base64 and may end in '=' padding: split on the first '=' only.
    params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = params.get("Credential");
  const signedHeaders = params.get("SignedHeaders");
  const signature = params.get("Signature");
  if (!credential || !signedHeaders || !signature) return undefined;
  return { credential, signedHeaders: signedHeaders.toLowerCase().split(";"), signature };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
