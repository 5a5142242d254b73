// The `data` of a Call Automation callback CloudEvent: the fields the functions app and the worker read
// (research/acs.md §4; fixtures/acs/callback-*.json). Read tolerantly: `null` is absent, other fields
// (participants, mediaStreamingUpdate, version, publicEventType, ...) pass through untouched.
import { z } from "zod";
import { CALL_CONNECTION_ID_PATTERN } from "../control-plane/groups.js";
import { absent } from "../wire/absent.js";

/** A free-text field both sides only ever compare or show: a value of another type reads as absent. */
const textOrAbsent = z.preprocess(
  (value) => (typeof value === "string" ? value : undefined),
  z.string().optional(),
);

/** What ACS reports of the operation a callback concludes (`code` HTTP-like, `subCode` ACS's own). */
export interface CallbackResult {
  code?: number | undefined;
  subCode?: number | undefined;
  /** Free text from ACS: never logged (it can name participants). */
  message?: string | undefined;
}

export const callbackResultSchema = z
  .object({ code: absent(z.number()), subCode: absent(z.number()), message: textOrAbsent })
  .loose();

export const callbackDataSchema = z
  .object({
    // Also a Table Storage key and part of a group name, so a conservative character set.
    callConnectionId: z.string().regex(CALL_CONNECTION_ID_PATTERN),
    // Bounded: they are stored, and Table Storage refuses string properties over 64 KiB.
    correlationId: absent(z.string().max(256)),
    serverCallId: absent(z.string().max(4096)),
    /** The context we gave the operation (a transfer, a rescue step): how an outcome is matched to it. */
    operationContext: textOrAbsent,
    resultInformation: absent(callbackResultSchema),
  })
  .loose();

export type CallbackData = z.infer<typeof callbackDataSchema>;
