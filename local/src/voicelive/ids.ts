// Ids shaped like the real service's ("sess_7cMSK58ShfrUY1RKnZ6Eoy", "event_6BWYRNV1zUWapTZtyqvcS2").

import { randomBytes } from "node:crypto";

export type IdFactory = (prefix: string) => string;

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export const randomId: IdFactory = (prefix) => {
  const bytes = randomBytes(22);
  let body = "";
  for (const byte of bytes) body += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${body}`;
};

/** Deterministic ids for tests: prefix_1, prefix_2, ... per prefix. */
export function sequentialIds(): IdFactory {
  const counters = new Map<string, number>();
  return (prefix) => {
    const next = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, next);
    return `${prefix}_${next}`;
  };
}
