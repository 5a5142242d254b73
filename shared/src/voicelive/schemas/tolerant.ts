// Reading what the service really sends. Recorded live sessions show every absent optional field as an
// explicit `null` (`temperature: null`, `output_audio_format: null`, `usage: null`, ...), so a read
// schema treats `null` exactly as a missing key: the parsed value simply has no such field.
import { z } from "zod";

const nullAsAbsent = (value: unknown): unknown => (value === null ? undefined : value);

/** An optional field of a server event: absent, `null` (read as absent), or a value of `schema`. */
export function absent<S extends z.ZodType>(schema: S) {
  return z.preprocess(nullAsAbsent, schema.optional());
}

/** A token count the service may report as null or leave out: both read as 0. */
export const tokenCountOrZero = z
  .number()
  .int()
  .nonnegative()
  .nullish()
  .transform((count) => count ?? 0);
