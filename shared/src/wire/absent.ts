// Reading what a service really sends. Recorded live sessions (Voice Live) show every absent optional field
// as an explicit `null` (`temperature: null`, `usage: null`, ...), and the other services' SDKs serialize
// unset fields the same way, so a read schema treats `null` exactly as a missing key: the parsed value
// simply has no such field.
import { z } from "zod";

const nullAsAbsent = (value: unknown): unknown => (value === null ? undefined : value);

/** An optional field of a received message: absent, `null` (read as absent), or a value of `schema`. */
export function absent<S extends z.ZodType>(schema: S) {
  return z.preprocess(nullAsAbsent, schema.optional());
}
