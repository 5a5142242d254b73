// Signs the tokens ACS puts on callbacks (5-minute RS256 JWT, research/acs.md §3a) and on the media
// WebSocket upgrade (24 h, §3b), publishes the matching JWKS, and mints deliberately bad tokens so that
// verifiers can be tested against every way a token can be wrong.
import { randomUUID } from "node:crypto";
import { exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from "jose";

export const ACS_CALLBACK_ISSUER = "https://acscallautomation.communication.azure.com";
export const CALLBACK_TOKEN_LIFETIME_SEC = 5 * 60;
export const MEDIA_TOKEN_LIFETIME_SEC = 24 * 60 * 60;

export type TokenKind =
  | "valid"
  | "expired"
  | "forged"
  | "wrong-audience"
  | "wrong-issuer"
  | "alg-none"
  | "hs256"
  /** Signed and unexpired, but issued 10 minutes ago (a media token, or a captured callback token, replayed). */
  | "stale";

/** What the media leg puts in its Authorization header: a token of that kind, or no header at all. */
export type MediaTokenKind = TokenKind | "none";

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

interface SigningKey {
  kid: string;
  pair: KeyPair;
  publicJwk: JWK;
}

export interface TokenIssuerOptions {
  audience: string;
  issuer?: string;
  now?: () => number;
  newKid?: () => string;
}

export interface JsonWebKeySet {
  keys: JWK[];
}

export class TokenIssuer {
  readonly audience: string;
  readonly issuer: string;
  private readonly now: () => number;
  private readonly newKid: () => string;
  private current: SigningKey;
  /** The key replaced by the last rotation stays published, as identity providers do during a rollover. */
  private previous: SigningKey | undefined;
  /** A key nobody publishes; "forged" tokens are signed with it under the current kid. Made on first use. */
  private impostor: Promise<KeyPair> | undefined;

  private constructor(options: TokenIssuerOptions, current: SigningKey) {
    this.audience = options.audience;
    this.issuer = options.issuer ?? ACS_CALLBACK_ISSUER;
    this.now = options.now ?? Date.now;
    this.newKid = options.newKid ?? randomUUID;
    this.current = current;
  }

  static async create(options: TokenIssuerOptions): Promise<TokenIssuer> {
    const kid = (options.newKid ?? randomUUID)();
    return new TokenIssuer(options, await createSigningKey(kid));
  }

  get kid(): string {
    return this.current.kid;
  }

  jwks(): JsonWebKeySet {
    const keys = [this.current.publicJwk];
    if (this.previous) keys.push(this.previous.publicJwk);
    return { keys };
  }

  /** Switches signing to a fresh key with a new kid; verifiers holding a cached JWKS must refetch it. */
  async rotate(): Promise<string> {
    const next = await createSigningKey(this.newKid());
    this.previous = this.current;
    this.current = next;
    return next.kid;
  }

  /** The token on a callback POST. */
  callbackToken(): Promise<string> {
    return this.mint("valid", CALLBACK_TOKEN_LIFETIME_SEC);
  }

  /** The token on the media WebSocket upgrade request. */
  mediaToken(kind: TokenKind = "valid"): Promise<string> {
    return this.mint(kind, MEDIA_TOKEN_LIFETIME_SEC);
  }

  async mint(kind: TokenKind = "valid", lifetimeSec = CALLBACK_TOKEN_LIFETIME_SEC): Promise<string> {
    const nowSec = Math.floor(this.now() / 1000);
    const issuedAtSec =
      kind === "expired" ? nowSec - lifetimeSec - 600 : kind === "stale" ? nowSec - 600 : nowSec;
    // A stale token is still valid for a day, like the media token it may be.
    const expiresAtSec =
      kind === "stale" ? issuedAtSec + MEDIA_TOKEN_LIFETIME_SEC : issuedAtSec + lifetimeSec;
    const claims = {
      iss: kind === "wrong-issuer" ? "https://login.example.invalid/not-acs" : this.issuer,
      aud: kind === "wrong-audience" ? randomUUID() : this.audience,
      iat: issuedAtSec,
      nbf: issuedAtSec,
      exp: expiresAtSec,
    };
    const header = { typ: "JWT", kid: this.current.kid };

    switch (kind) {
      case "alg-none":
        return `${base64url(JSON.stringify({ ...header, alg: "none" }))}.${base64url(JSON.stringify(claims))}.`;
      case "hs256": {
        // The classic algorithm-confusion attack: HMAC keyed with the (public) RSA key.
        const secret = new TextEncoder().encode(await exportSPKI(this.current.pair.publicKey));
        return new SignJWT(claims).setProtectedHeader({ ...header, alg: "HS256" }).sign(secret);
      }
      case "forged": {
        this.impostor ??= generateKeyPair("RS256");
        const impostor = await this.impostor;
        return new SignJWT(claims).setProtectedHeader({ ...header, alg: "RS256" }).sign(impostor.privateKey);
      }
      default:
        return new SignJWT(claims)
          .setProtectedHeader({ ...header, alg: "RS256" })
          .sign(this.current.pair.privateKey);
    }
  }
}

async function createSigningKey(kid: string): Promise<SigningKey> {
  const pair = await generateKeyPair("RS256", { extractable: true });
  const jwk = await exportJWK(pair.publicKey);
  return { kid, pair, publicJwk: { ...jwk, kid, use: "sig", alg: "RS256" } };
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}
