// Authentication of requests that ACS makes to us (callbacks, media WebSocket upgrades).
export {
  type AcsSigningKeysOptions,
  createAcsSigningKeys,
  type KeysFetchFailure,
  type SigningKeysEvent,
} from "./acs-signing-keys.js";
export {
  ACS_ISSUER,
  ACS_JWKS_URL,
  type AcsTokenCheck,
  type AcsTokenFailureReason,
  type AcsTokenVerifier,
  type AcsTokenVerifierOptions,
  createAcsTokenVerifier,
} from "./acs-token-verifier.js";
