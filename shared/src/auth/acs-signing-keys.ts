// The ACS signing keys (the JWKS at /calling/keys), cached for the token verifier. jose's remote key set
// refuses every token once its cache has expired and the endpoint cannot be reached, and retries on every
// request while it is down. Here an outage of the key endpoint fails soft and quietly:
// - stale-if-error: the last good set keeps verifying for a bounded time after a refresh failed;
// - single-flight: one fetch at a time, every verification that needs it waits on the same one;
// - backoff: after a failure the next fetch waits (doubling, capped), whatever the request rate;
// - each failed and recovered refresh is reported to `onEvent`, so the service that owns a logger logs it.
// No module state and no timers of its own (the default fetch's 5 s timeout aside): time comes from
// `now`, and a refresh only ever starts from a verification, so an idle service fetches nothing.
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";

/** How long a fetched set is used before it is fetched again (jose's default cache age). */
export const DEFAULT_KEYS_FRESH_MS = 10 * 60_000;
/**
 * The oldest set ever used, counted from its fetch, while the endpoint fails. Microsoft.IdentityModel
 * refreshes issuer keys every 12 h by default, so keys of that age are what Microsoft's own stack trusts
 * in normal operation; beyond it, a revoked key could be accepted for too long.
 */
export const DEFAULT_KEYS_MAX_STALE_AGE_MS = 12 * 3_600_000;
/** A kid missing from a fresh set (ACS rotated its keys) refetches the set at most this often. */
export const DEFAULT_ROTATION_COOLDOWN_MS = 30_000;
export const DEFAULT_RETRY_FIRST_MS = 2_000;
export const DEFAULT_RETRY_MAX_MS = 60_000;
const FETCH_TIMEOUT_MS = 5_000;

/** Why a refresh failed; safe to log (no URL, no body). */
export type KeysFetchFailure = "unreachable" | "http-status" | "not-a-key-set";

export class KeysFetchError extends Error {
  constructor(
    readonly failure: KeysFetchFailure,
    readonly status?: number,
  ) {
    super(`ACS signing keys: ${failure}${status === undefined ? "" : ` (${status})`}`);
    this.name = "KeysFetchError";
  }
}

/** What happened to the key source, for a log line and a metric. At most one per fetch attempt. */
export type SigningKeysEvent =
  | {
      kind: "refresh-failed";
      failure: KeysFetchFailure;
      status?: number;
      /** Failed attempts in a row, this one included. */
      attempts: number;
      /** No fetch before this long, whatever arrives meanwhile. */
      retryInMs: number;
      /** "stale": tokens are still verified with the last good set; "none": they are refused. */
      serving: "stale" | "none";
      /** Age of the set still served (since it was fetched); absent when none is. */
      keysAgeMs?: number;
    }
  | { kind: "recovered"; attempts: number; failingForMs: number };

export interface AcsSigningKeysOptions {
  jwksUrl: string;
  /** Milliseconds; the system clock by default. */
  now?: () => number;
  /** Fetches and parses the key set; throws a KeysFetchError. `fetch` with a 5 s timeout by default. */
  fetchKeySet?: (url: string) => Promise<unknown>;
  freshMs?: number;
  maxStaleAgeMs?: number;
  rotationCooldownMs?: number;
  retryFirstMs?: number;
  retryMaxMs?: number;
  onEvent?: (event: SigningKeysEvent) => void;
}

/** Thrown to jwtVerify when no set may be used: the verifier reports it as "keys-unavailable". */
export class SigningKeysUnavailable extends Error {
  constructor() {
    super("ACS signing keys unavailable");
    this.name = "SigningKeysUnavailable";
  }
}

interface KeySet {
  resolve: JWTVerifyGetKey;
  fetchedAtMs: number;
}

/** The key source's health: one value. */
type SourceState = { kind: "ok" } | { kind: "failing"; sinceMs: number; attempts: number; retryAtMs: number };

export function createAcsSigningKeys(options: AcsSigningKeysOptions): JWTVerifyGetKey {
  const now = options.now ?? Date.now;
  const fetchKeySet = options.fetchKeySet ?? fetchKeySetOverHttp;
  const freshMs = options.freshMs ?? DEFAULT_KEYS_FRESH_MS;
  const maxStaleAgeMs = Math.max(freshMs, options.maxStaleAgeMs ?? DEFAULT_KEYS_MAX_STALE_AGE_MS);
  const rotationCooldownMs = options.rotationCooldownMs ?? DEFAULT_ROTATION_COOLDOWN_MS;
  const retryFirstMs = options.retryFirstMs ?? DEFAULT_RETRY_FIRST_MS;
  const retryMaxMs = Math.max(retryFirstMs, options.retryMaxMs ?? DEFAULT_RETRY_MAX_MS);
  const report = (event: SigningKeysEvent) => {
    // A logging callback that throws must not change which tokens are accepted.
    try {
      options.onEvent?.(event);
    } catch {}
  };

  let keys: KeySet | undefined;
  let source: SourceState = { kind: "ok" };
  let lastAttemptAtMs = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;

  const usable = (set: KeySet | undefined, at: number): set is KeySet =>
    set !== undefined && at - set.fetchedAtMs <= maxStaleAgeMs;

  // Never rejects: a failure is state (and an event), and the caller decides with what is left.
  const refresh = (): Promise<void> => {
    inFlight ??= attempt().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  const attempt = async (): Promise<void> => {
    lastAttemptAtMs = now();
    try {
      const resolve = keySetResolver(await fetchKeySet(options.jwksUrl));
      const at = now();
      keys = { resolve, fetchedAtMs: at };
      if (source.kind === "failing") {
        report({ kind: "recovered", attempts: source.attempts, failingForMs: at - source.sinceMs });
      }
      source = { kind: "ok" };
    } catch (error) {
      const at = now();
      const attempts = source.kind === "failing" ? source.attempts + 1 : 1;
      const retryInMs = Math.min(retryMaxMs, retryFirstMs * 2 ** (attempts - 1));
      source = {
        kind: "failing",
        sinceMs: source.kind === "failing" ? source.sinceMs : at,
        attempts,
        retryAtMs: at + retryInMs,
      };
      const failed = error instanceof KeysFetchError ? error : new KeysFetchError("unreachable");
      const serving = usable(keys, at) ? keys : undefined;
      report({
        kind: "refresh-failed",
        failure: failed.failure,
        ...(failed.status === undefined ? {} : { status: failed.status }),
        attempts,
        retryInMs,
        serving: serving ? "stale" : "none",
        ...(serving ? { keysAgeMs: at - serving.fetchedAtMs } : {}),
      });
    }
  };

  const mayFetch = (at: number, reason: "expired" | "unknown-kid"): boolean => {
    if (source.kind === "failing" && at < source.retryAtMs) return false;
    // An unknown kid in a fresh set: a rotation, or a forged kid that must not drive fetches.
    return reason === "expired" || at - lastAttemptAtMs >= rotationCooldownMs;
  };

  return async (protectedHeader, token) => {
    let at = now();
    if ((keys === undefined || at - keys.fetchedAtMs >= freshMs) && (inFlight || mayFetch(at, "expired"))) {
      await refresh();
      at = now();
    }
    if (!usable(keys, at)) throw new SigningKeysUnavailable();
    try {
      return await keys.resolve(protectedHeader, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      if (!inFlight && !mayFetch(at, "unknown-kid")) throw error;
      await refresh();
      if (!usable(keys, now())) throw new SigningKeysUnavailable();
      return keys.resolve(protectedHeader, token);
    }
  };
}

/** A usable set has at least one RSA key; anything else (an HTML error page, `{"keys":[]}`) is a failure. */
function keySetResolver(body: unknown): JWTVerifyGetKey {
  if (!isKeySet(body) || !body.keys.some((key) => key.kty === "RSA")) {
    throw new KeysFetchError("not-a-key-set");
  }
  try {
    return createLocalJWKSet(body);
  } catch {
    throw new KeysFetchError("not-a-key-set");
  }
}

function isKeySet(value: unknown): value is JSONWebKeySet {
  if (typeof value !== "object" || value === null) return false;
  const keys = (value as { keys?: unknown }).keys;
  return Array.isArray(keys) && keys.every((key) => typeof key === "object" && key !== null);
}

async function fetchKeySetOverHttp(url: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      redirect: "manual",
      headers: { accept: "application/json, application/jwk-set+json" },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
  } catch {
    throw new KeysFetchError("unreachable");
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => {});
    throw new KeysFetchError("http-status", response.status);
  }
  try {
    return await response.json();
  } catch {
    throw new KeysFetchError("not-a-key-set");
  }
}
