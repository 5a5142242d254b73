// Which IncomingCall events this bot answers. An ACS resource can hold several numbers and several apps:
// the Event Grid subscription filters on the bot's numbers (infra), and this check holds even when the
// filter is missing or stale. A call from one of the bot's own numbers is a transfer or forward that
// loops back into the bot, and is never answered.
import type { IncomingCall } from "./incoming-call-event.js";

export type Admission = { answer: true } | { answer: false; reason: "not-our-number" | "loop" };

/** The E.164 number of a phone identifier's raw id (`4:+14255550100`), else undefined. */
export function phoneNumberOf(rawId: string | undefined): string | undefined {
  return rawId?.startsWith("4:") ? rawId.slice(2) : undefined;
}

/** `botNumbers` empty: no list configured, every call to the resource is ours (loops still refused when known). */
export function admitIncomingCall(call: IncomingCall, botNumbers: readonly string[]): Admission {
  const ours = new Set(botNumbers);
  const from = phoneNumberOf(call.fromRawId);
  if (from !== undefined && ours.has(from)) return { answer: false, reason: "loop" };
  if (ours.size === 0) return { answer: true };
  const to = phoneNumberOf(call.toRawId);
  return to !== undefined && ours.has(to) ? { answer: true } : { answer: false, reason: "not-our-number" };
}
