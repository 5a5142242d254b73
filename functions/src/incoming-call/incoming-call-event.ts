// The `data` of a Microsoft.Communication.IncomingCall event (research/acs.md §4), reduced to what the
// answer needs and what may be logged (masked).
import { createHash } from "node:crypto";
import { z } from "zod";

export interface IncomingCall {
  /** Opaque, ~10 KB, secret-ish: passed to answerCall, never logged. */
  incomingCallContext: string;
  correlationId: string | undefined;
  serverCallId: string | undefined;
  fromRawId: string | undefined;
  toRawId: string | undefined;
}

const MAX_CONTEXT_CHARS = 64 * 1024;

// Ids are bounded (they are stored, and Table Storage refuses string properties over 64 KiB): an oversized
// one is bad input (400), not a storage outage that would make Event Grid redeliver it again and again.
const identifier = z.object({ rawId: z.string().max(1024).optional() }).optional();
const incomingCallData = z.object({
  incomingCallContext: z.string().min(1).max(MAX_CONTEXT_CHARS),
  correlationId: z.string().max(256).optional(),
  serverCallId: z.string().max(4096).optional(),
  from: identifier,
  to: identifier,
});

export function parseIncomingCall(data: unknown): IncomingCall | undefined {
  const parsed = incomingCallData.safeParse(data);
  if (!parsed.success) return undefined;
  const { incomingCallContext, correlationId, serverCallId, from, to } = parsed.data;
  return { incomingCallContext, correlationId, serverCallId, fromRawId: from?.rawId, toRawId: to?.rawId };
}

/**
 * The de-duplication key: SHA-256 of `incomingCallContext`.
 *
 * - Stable across redeliveries: Event Grid resends the same event bytes, context included.
 * - Exactly the thing being protected: one context is one answerable call leg, and answering it twice is
 *   the failure we prevent. The event `id` is stable too, but it identifies a publication, not the leg: a
 *   second publication of the same call (e.g. two subscriptions to one endpoint) would get past it.
 * - `correlationId` is too coarse: it spans every leg of a call (redirects, transfers, several targets
 *   rung at once), so a second, legitimate leg would be dropped.
 * - Hashed because the context is ~10 KB (beyond a Table key's 1 KiB) and should not sit in storage.
 */
export function answerClaimKey(call: IncomingCall): string {
  return createHash("sha256").update(call.incomingCallContext).digest("hex");
}
