// Reading what Voice Live really sends: counts it reports as null or leaves out (`absent` fields in general
// are read with ../../wire/absent.ts).
import { z } from "zod";

/** A token count the service may report as null or leave out: both read as 0. */
export const tokenCountOrZero = z
  .number()
  .int()
  .nonnegative()
  .nullish()
  .transform((count) => count ?? 0);
