// What a supervisor can ask of a running call, from the monitor page through the functions app to the
// worker that owns the call.
import { z } from "zod";
import { absent } from "../wire/absent.js";

export const MAX_WHISPER_CHARS = 2000;
const E164 = /^\+[1-9]\d{6,14}$/;

const hangUp = z.object({ type: z.literal("hangUp") });
/** E.164 phone number; absent for the configured transfer number. */
const target = z.string().regex(E164, "target must be an E.164 phone number");
const whisper = z.object({
  type: z.literal("whisper"),
  text: z.string().trim().min(1, "text is required").max(MAX_WHISPER_CHARS),
});

/** An action as carried on the call's group: read tolerantly (`null` is absent, unknown fields ignored). */
export const supervisorActionSchema = z.discriminatedUnion("type", [
  hangUp,
  z.object({ type: z.literal("transfer"), target: absent(target) }),
  whisper,
]);
export type SupervisorAction = z.infer<typeof supervisorActionSchema>;

/**
 * An action as a supervisor's request states it (the body of POST /api/calls/{id}/actions): the same
 * fields, and nothing else, so a typo in a field name is refused rather than silently ignored.
 */
export const supervisorRequestSchema = z.discriminatedUnion("type", [
  hangUp.strict(),
  z.object({ type: z.literal("transfer"), target: target.optional() }).strict(),
  whisper.strict(),
]);
