// Who is signed in, as App Service authentication (Easy Auth) tells the app: it validates the Entra ID
// session or token itself and injects `x-ms-client-principal` (Base64 JSON of the claims) and
// `x-ms-client-principal-name`. The platform strips these headers from incoming requests, so they are
// trusted only when Easy Auth is on (monitor-auth.ts decides that, never this reader).
import { z } from "zod";

export interface ClientPrincipal {
  /** Human-readable (UPN or e-mail as Entra gives it); for audit log lines, never for decisions. */
  name: string;
  /** The app roles granted to the user (Entra `roles` claims). */
  roles: ReadonlySet<string>;
}

/** The claim type .NET uses for roles; Easy Auth may name roles with it (`role_typ`) instead of `roles`. */
const ROLE_CLAIM_URI = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";
/** Claims that name a person, best first, when the name header is missing. */
const NAME_CLAIMS = ["preferred_username", "name", "upn", "email"];
/** A few claims for a user are ~2 KB; a group-heavy token stays well under this. */
const MAX_HEADER_CHARS = 32 * 1024;
const MAX_NAME_CHARS = 128;

// Tolerant reading: unknown fields are ignored, `null` is absent, and a claim of another shape is skipped
// rather than failing the whole principal.
const claimSchema = z.object({ typ: z.string(), val: z.string() });
const principalSchema = z.object({
  claims: z.array(z.unknown()).nullish(),
  name_typ: z.string().nullish(),
  role_typ: z.string().nullish(),
});

/** The signed-in principal, or undefined when the headers are absent or unreadable. */
export function readClientPrincipal(
  header: (name: string) => string | undefined,
): ClientPrincipal | undefined {
  const encoded = header("x-ms-client-principal")?.trim();
  if (encoded === undefined || encoded === "" || encoded.length > MAX_HEADER_CHARS) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encoded, "base64").toString("utf8"));
  } catch {
    return undefined;
  }
  const parsed = principalSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const claims = (parsed.data.claims ?? []).flatMap((claim) => {
    const read = claimSchema.safeParse(claim);
    return read.success ? [read.data] : [];
  });
  const roleTypes = new Set(["roles", ROLE_CLAIM_URI, parsed.data.role_typ ?? "roles"]);
  const roles = new Set(claims.filter((claim) => roleTypes.has(claim.typ)).map((claim) => claim.val));
  const nameTypes = [parsed.data.name_typ, ...NAME_CLAIMS].filter((t): t is string => typeof t === "string");
  const nameFromClaims = nameTypes
    .map((type) => claims.find((claim) => claim.typ === type)?.val)
    .find((value) => value !== undefined && value.trim() !== "");
  const name =
    header("x-ms-client-principal-name") ?? nameFromClaims ?? header("x-ms-client-principal-id") ?? "unknown";
  return { name: printable(name), roles };
}

/** A name fit for one log field: no control characters, bounded length. */
function printable(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return (clean === "" ? "unknown" : clean).slice(0, MAX_NAME_CHARS);
}
