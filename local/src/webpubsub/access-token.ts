// Web PubSub access tokens: HS256 JWTs keyed by the access key's UTF-8 bytes (what the SDKs'
// `jsonwebtoken.sign(payload, key)` does). REST callers sign one per request with `aud` = the request
// URL; clients carry one in `?access_token=` with `aud` = `<endpoint>/client/hubs/<hub>`, `sub` = the
// user id, `role` = the roles and `webpubsub.group` = groups to join on connect.
import { errors, jwtVerify, SignJWT } from "jose";

export type TokenFailure = "missing" | "malformed" | "invalid" | "expired" | "wrong-audience";
export type TokenCheck = { ok: true; claims: ClientClaims } | { ok: false; reason: TokenFailure };

export interface ClientClaims {
  userId: string | undefined;
  roles: string[];
  groups: string[];
}

/** A few seconds of skew, so tokens minted in the same breath as a clock tick are not rejected. */
const CLOCK_TOLERANCE_SEC = 5;

export async function verifyAccessToken(
  token: string | undefined,
  accessKey: string,
  audiences: readonly string[],
  nowMs: number,
): Promise<TokenCheck> {
  if (!token) return { ok: false, reason: "missing" };
  try {
    const { payload } = await jwtVerify(token, keyBytes(accessKey), {
      algorithms: ["HS256"],
      audience: [...audiences],
      // A token without an expiry would be valid forever; the SDKs always set one.
      requiredClaims: ["exp"],
      clockTolerance: CLOCK_TOLERANCE_SEC,
      currentDate: new Date(nowMs),
    });
    return {
      ok: true,
      claims: {
        userId: typeof payload.sub === "string" && payload.sub !== "" ? payload.sub : undefined,
        roles: stringList(payload.role),
        groups: stringList(payload["webpubsub.group"]),
      },
    };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: "expired" };
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === "aud") {
      return { ok: false, reason: "wrong-audience" };
    }
    if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
      return { ok: false, reason: "malformed" };
    }
    return { ok: false, reason: "invalid" };
  }
}

export interface ClientTokenOptions {
  /** The client endpoint the token is for: `http://127.0.0.1:N/client/hubs/<hub>`. */
  audience: string;
  userId?: string;
  roles?: readonly string[];
  groups?: readonly string[];
  expiresInSec?: number;
  nowMs: number;
}

/** Mints a client token the way `WebPubSubServiceClient.getClientAccessToken` does with a key. */
export async function signClientToken(accessKey: string, options: ClientTokenOptions): Promise<string> {
  const nowSec = Math.floor(options.nowMs / 1000);
  const jwt = new SignJWT({
    ...(options.roles ? { role: [...options.roles] } : {}),
    ...(options.groups ? { "webpubsub.group": [...options.groups] } : {}),
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setAudience(options.audience)
    .setIssuedAt(nowSec)
    .setExpirationTime(nowSec + (options.expiresInSec ?? 3600));
  if (options.userId) jwt.setSubject(options.userId);
  return jwt.sign(keyBytes(accessKey));
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1];
}

function keyBytes(accessKey: string): Uint8Array {
  return new TextEncoder().encode(accessKey);
}

function stringList(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}
