// Credentials on the WebSocket upgrade, as the real endpoint accepts them (research §2): an
// `api-key` header or query parameter, or `Authorization: Bearer <token>` as a header or (2026-04-10)
// an `authorization` query parameter. Tokens are not validated locally: any non-empty bearer token
// is accepted unless the emulator was given a list of accepted tokens.

import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export interface UpgradeAuthPolicy {
  apiKey: string;
  /** "any" accepts every non-empty bearer token; a list accepts only those; [] disables bearer auth. */
  acceptedBearerTokens: "any" | readonly string[];
}

export type UpgradeAuthResult =
  | { ok: true; method: "api-key" | "bearer" }
  | { ok: false; reason: "missing-credentials" | "invalid-key" | "invalid-token" };

export function checkUpgradeAuth(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
  policy: UpgradeAuthPolicy,
): UpgradeAuthResult {
  const headerKey = headers["api-key"];
  const keys = [
    typeof headerKey === "string" ? headerKey : undefined,
    query.get("api-key") ?? undefined,
  ].filter((k): k is string => k !== undefined);
  if (keys.length > 0) {
    return keys.every((k) => sameSecret(k, policy.apiKey))
      ? { ok: true, method: "api-key" }
      : { ok: false, reason: "invalid-key" };
  }
  const authorization =
    headers.authorization ?? query.get("authorization") ?? query.get("Authorization") ?? undefined;
  if (authorization === undefined) return { ok: false, reason: "missing-credentials" };
  const match = /^Bearer\s+(\S.*)$/i.exec(authorization.trim());
  const token = match?.[1]?.trim();
  if (!token) return { ok: false, reason: "invalid-token" };
  const accepted = policy.acceptedBearerTokens;
  if (accepted === "any" || accepted.some((t) => sameSecret(token, t))) return { ok: true, method: "bearer" };
  return { ok: false, reason: "invalid-token" };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
