import { z } from "zod";

/** Body of POST /api/calls. */
export interface OutboundCallRequest {
  /** E.164 number to call. */
  to: string;
  operationContext: string | undefined;
}

const schema = z.strictObject({
  to: z.string().regex(/^\+[1-9]\d{6,14}$/, "to must be an E.164 phone number such as +14255550100"),
  operationContext: z.string().max(512, "operationContext must be at most 512 characters").optional(),
});

export type ParsedOutboundCall = { ok: true; request: OutboundCallRequest } | { ok: false; message: string };

export function parseOutboundCallRequest(body: unknown): ParsedOutboundCall {
  const parsed = schema.safeParse(body);
  if (parsed.success)
    return { ok: true, request: { to: parsed.data.to, operationContext: parsed.data.operationContext } };
  // Messages come from the schema above (or zod's generic ones), never from the input's values.
  const message = parsed.error.issues
    .map((issue) => {
      // The names of unexpected fields are the caller's input too: never echoed.
      if (issue.code === "unrecognized_keys") return "the body has fields other than to and operationContext";
      if (issue.code === "invalid_type") {
        return issue.path.length === 0
          ? "the body must be a JSON object"
          : `${issue.path.join(".")} is required`;
      }
      return issue.message;
    })
    .join("; ");
  return { ok: false, message };
}
