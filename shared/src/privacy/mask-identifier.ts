import { maskPhoneNumber } from "./mask-phone-number.js";

// ACS raw ids start with a kind prefix ("8:acs:", "8:orgid:", "28:gcch:", "4:" ...) that is useful in a log
// line and carries no personal data; the rest identifies a person or a resource, so only its last few
// characters are kept (enough to correlate two log lines about the same participant).
const PREFIX_PATTERN = /^(?:\d{1,2}:(?:[a-z]+:)?)/i;
const KEPT_TRAILING_CHARS = 4;
const MIN_LENGTH_TO_KEEP_TAIL = 12;
const MASK = "***";

/** Masks an ACS raw id: "8:acs:<resource>_<user>" -> "8:acs:***2c21"; phone ids as `maskPhoneNumber`. */
export function maskIdentifier(rawId: string): string {
  const trimmed = rawId.trim();
  if (trimmed.startsWith("4:") || trimmed.startsWith("+")) return maskPhoneNumber(trimmed);
  const prefix = PREFIX_PATTERN.exec(trimmed)?.[0] ?? "";
  const rest = trimmed.slice(prefix.length);
  if (rest.length === 0) return prefix;
  const tail = rest.length >= MIN_LENGTH_TO_KEEP_TAIL ? rest.slice(rest.length - KEPT_TRAILING_CHARS) : "";
  return prefix + MASK + tail;
}
