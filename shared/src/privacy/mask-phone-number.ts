// Phone numbers are personal data: logs keep enough to tell calls apart (country + area code and the
// last two digits) and nothing that identifies the subscriber.

const PHONE_RAW_ID_PREFIX = "4:";
const KEPT_LEADING_CHARS = 5; // "+1425": "+" and country/area code
const KEPT_TRAILING_CHARS = 2;
const MIN_HIDDEN_CHARS = 5; // short national numbers give up leading digits before hiding fewer than this
const MIN_LENGTH_TO_KEEP_ENDS = 10; // shorter values (short codes, junk) keep nothing but their length class

/**
 * Masks an E.164 phone number or an ACS phone raw id, e.g. "+14255550123" -> "+1425*****23",
 * "4:+14255550123" -> "4:+1425*****23". Never returns the input unchanged unless it is empty.
 */
export function maskPhoneNumber(value: string): string {
  const trimmed = value.trim();
  if (trimmed.startsWith(PHONE_RAW_ID_PREFIX)) {
    return PHONE_RAW_ID_PREFIX + maskNumber(trimmed.slice(PHONE_RAW_ID_PREFIX.length));
  }
  return maskNumber(trimmed);
}

function maskNumber(number: string): string {
  if (number.length === 0) return "";
  if (number.length < MIN_LENGTH_TO_KEEP_ENDS) return "*".repeat(number.length);
  const keptLeading = Math.min(KEPT_LEADING_CHARS, number.length - KEPT_TRAILING_CHARS - MIN_HIDDEN_CHARS);
  const maskedLength = number.length - keptLeading - KEPT_TRAILING_CHARS;
  return (
    number.slice(0, keptLeading) +
    "*".repeat(maskedLength) +
    number.slice(number.length - KEPT_TRAILING_CHARS)
  );
}
