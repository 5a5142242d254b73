// Verifies the JWT that ACS puts on every mid-call callback and every media WebSocket upgrade.
// jose does the cryptography; acs-signing-keys.ts keeps the JWKS (stale-if-error, single-flight, backoff);
// this module fixes the policy: RS256 only, the ACS issuer, the resource's immutable id as audience, a
// bounded token size, and a reason that is safe to log (it never quotes the token or its claims).
import { decodeProtectedHeader, errors, type JWTVerifyGetKey, jwtVerify } from "jose";
import { createAcsSigningKeys, type SigningKeysEvent, SigningKeysUnavailable } from "./acs-signing-keys.js";

export const ACS_ISSUER = "https://acscallautomation.communication.azure.com";
export const ACS_JWKS_URL = "https://acscallautomation.communication.azure.com/calling/keys";

const ALLOWED_ALGORITHM = "RS256";
const MAX_TOKEN_CHARS = 16 * 1024; // ACS tokens are ~1 KB; anything far larger is not one of them
const DEFAULT_CLOCK_TOLERANCE_SEC = 30;

export interface AcsTokenVerifierOptions {
  audience: string;
  issuer?: string;
  jwksUrl?: string;
  /** Key resolver; a remote JWKS on `jwksUrl` by default. Tests inject a local set. */
  keySet?: JWTVerifyGetKey;
  clockToleranceSec?: number;
  /** Clock for expiry checks and the age of the cached keys; the system clock by default. */
  now?: () => Date;
  /** Minimum time between two JWKS refetches caused by an unknown key id (rotation); 30 s by default. */
  jwksCooldownMs?: number;
  /**
   * The key endpoint failed (with whether tokens are still verified with the last good set) or
   * recovered: for the caller's log line and metric. Unused with `keySet`.
   */
  onKeysEvent?: (event: SigningKeysEvent) => void;
}

export type AcsTokenFailureReason =
  | "missing"
  | "malformed"
  | "invalid"
  | "expired"
  | "wrong-audience"
  | "wrong-issuer"
  | "unsupported-alg"
  /** The ACS signing keys could not be fetched and no recent enough set is kept: nothing is verifiable. */
  | "keys-unavailable";

export type AcsTokenCheck =
  | { ok: true; claims: Record<string, unknown> }
  | { ok: false; reason: AcsTokenFailureReason };

export type AcsTokenVerifier = (authorizationHeader: string | undefined) => Promise<AcsTokenCheck>;

export function createAcsTokenVerifier(options: AcsTokenVerifierOptions): AcsTokenVerifier {
  const issuer = options.issuer ?? ACS_ISSUER;
  const { now } = options;
  const keySet =
    options.keySet ??
    createAcsSigningKeys({
      jwksUrl: options.jwksUrl ?? ACS_JWKS_URL,
      ...(now ? { now: () => now().getTime() } : {}),
      ...(options.jwksCooldownMs === undefined ? {} : { rotationCooldownMs: options.jwksCooldownMs }),
      ...(options.onKeysEvent ? { onEvent: options.onKeysEvent } : {}),
    });
  const clockTolerance = options.clockToleranceSec ?? DEFAULT_CLOCK_TOLERANCE_SEC;

  return async (authorizationHeader) => {
    const token = bearerToken(authorizationHeader);
    if (token === "missing" || token === "malformed") return { ok: false, reason: token };

    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      return { ok: false, reason: "malformed" };
    }
    if (alg !== ALLOWED_ALGORITHM) return { ok: false, reason: "unsupported-alg" };

    try {
      const { payload } = await jwtVerify(token, keySet, {
        algorithms: [ALLOWED_ALGORITHM],
        issuer,
        audience: options.audience,
        clockTolerance,
        requiredClaims: ["exp"],
        ...(now ? { currentDate: now() } : {}),
      });
      return { ok: true, claims: { ...payload } };
    } catch (error) {
      return { ok: false, reason: failureReason(error) };
    }
  };
}

function bearerToken(header: string | undefined): string | "missing" | "malformed" {
  if (header === undefined || header.trim() === "") return "missing";
  const match = /^Bearer +(\S+)\s*$/i.exec(header.trim());
  const token = match?.[1];
  if (token === undefined || token.length > MAX_TOKEN_CHARS || token.split(".").length !== 3) {
    return "malformed";
  }
  return token;
}

function failureReason(error: unknown): AcsTokenFailureReason {
  if (error instanceof SigningKeysUnavailable) return "keys-unavailable";
  if (error instanceof errors.JWTExpired) return "expired";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "aud") return "wrong-audience";
    if (error.claim === "iss") return "wrong-issuer";
    return "invalid";
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return "unsupported-alg";
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return "malformed";
  // Bad signature, unknown kid after a refetch, unreachable JWKS: the token cannot be trusted.
  return "invalid";
}
