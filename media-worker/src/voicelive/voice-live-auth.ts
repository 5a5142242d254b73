import type { AccessToken, TokenCredential } from "@azure/identity";

/** Headers that authenticate one Voice Live WebSocket upgrade. */
export type VoiceLiveAuth = () => Promise<Record<string, string>>;

export const VOICE_LIVE_SCOPE = "https://ai.azure.com/.default";
/** Fetch a new token when the cached one has less than this left: a call may connect at any moment. */
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

export function apiKeyAuth(apiKey: string): VoiceLiveAuth {
  const headers = { "api-key": apiKey };
  return async () => headers;
}

/**
 * Microsoft Entra ID (managed identity in Azure). The token is cached and refreshed ahead of expiry;
 * concurrent upgrades share one in-flight request.
 */
export function tokenCredentialAuth(
  credential: TokenCredential,
  now: () => number = Date.now,
): VoiceLiveAuth {
  let cached: AccessToken | undefined;
  let inFlight: Promise<AccessToken> | undefined;
  const fresh = () => cached !== undefined && cached.expiresOnTimestamp - now() > REFRESH_BEFORE_EXPIRY_MS;
  return async () => {
    if (!fresh()) {
      inFlight ??= credential
        .getToken(VOICE_LIVE_SCOPE)
        .then((token) => {
          if (!token) throw new Error("Voice Live: the credential returned no token");
          cached = token;
          return token;
        })
        .finally(() => {
          inFlight = undefined;
        });
      try {
        await inFlight;
      } catch (error) {
        // A token that is about to expire still beats no call at all.
        if (cached === undefined || cached.expiresOnTimestamp <= now()) throw error;
      }
    }
    return { authorization: `Bearer ${(cached as AccessToken).token}` };
  };
}
