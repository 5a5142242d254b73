// Where this app may place a call or transfer one: configured, never taken from input. A phone bot that
// dials whatever number it is given is a toll-fraud machine, so every outbound call and every transfer
// (the model's tool, a supervisor, the API) passes this check first.

/** E.164: "+", then 7 to 15 digits. */
const E164 = /^\+[1-9]\d{6,14}$/;
/** An allowed entry: an exact E.164 number, or a prefix ending in "*" ("+1425*", "+44*", "+*"). */
const ENTRY = /^\+(\d{0,14})(\*)?$/;

/**
 * Number ranges that cost the caller's account far more than a call should, or that are favoured for
 * fraud: premium rate, international networks, satellite. A broad prefix ("+1*", "+*") never opens
 * them; only an entry at least as specific does.
 */
export const HIGH_RISK_PREFIXES: readonly string[] = [
  "+1900", // NANP premium rate
  "+1976", // NANP pay-per-call
  "+808", // international shared cost
  "+870", // Inmarsat
  "+881", // global mobile satellite
  "+882", // international networks
  "+883", // international networks
  "+979", // international premium rate
  "+449", // UK premium rate
];

export interface DestinationPolicy {
  /** The entries as configured: exact numbers and prefixes (digits only, no "*"). */
  readonly exact: ReadonlySet<string>;
  readonly prefixes: readonly string[];
}

export type DestinationDecision =
  | { allowed: true }
  | { allowed: false; reason: "not-a-number" | "not-allowed" | "high-risk" };

export type PolicyParse = { ok: true; policy: DestinationPolicy } | { ok: false; problem: string };

/**
 * Reads ALLOWED_DESTINATIONS (comma-separated). Absent or empty: only `defaults` (the configured transfer
 * numbers), so a deployment allows nothing it was not told to.
 */
export function parseDestinationPolicy(value: string | undefined, defaults: readonly string[]): PolicyParse {
  const entries = (value ?? "")
    .split(/[\s,;]+/)
    .filter((entry) => entry !== "")
    .concat(defaults);
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const entry of entries) {
    const match = ENTRY.exec(entry);
    if (!match) {
      return {
        ok: false,
        problem:
          "must list E.164 numbers or prefixes ending in * (e.g. +14255550199, +1425*), comma-separated",
      };
    }
    if (match[2] === "*") prefixes.push(`+${match[1] ?? ""}`);
    else if (E164.test(entry)) exact.add(entry);
    else return { ok: false, problem: "must list E.164 numbers (7 to 15 digits) or prefixes ending in *" };
  }
  return { ok: true, policy: { exact, prefixes } };
}

export function checkDestination(policy: DestinationPolicy, number: string): DestinationDecision {
  if (!E164.test(number)) return { allowed: false, reason: "not-a-number" };
  if (policy.exact.has(number)) return { allowed: true };
  const longest = policy.prefixes
    .filter((prefix) => number.startsWith(prefix))
    .reduce((best, prefix) => (prefix.length > best.length ? prefix : best), "");
  // Every prefix holds at least "+": an empty match means none applies.
  if (longest === "") return { allowed: false, reason: "not-allowed" };
  const risky = HIGH_RISK_PREFIXES.find((range) => number.startsWith(range) && range.length > longest.length);
  return risky ? { allowed: false, reason: "high-risk" } : { allowed: true };
}
