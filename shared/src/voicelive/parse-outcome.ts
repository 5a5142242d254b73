// What a parser returns instead of throwing: a well-formed event of a kind we do not know (counted,
// then ignored), or input we could not read at all. Neither quotes payload content in `reason`.
import type { ClientEvent } from "./client-events.js";
import type { ServerEvent } from "./server-events.js";

export interface UnknownEvent {
  type: "unknown";
  /** The wire `type`, cut to MAX_REPORTED_TYPE_LENGTH characters. */
  originalType: string;
}

export interface InvalidEvent {
  type: "invalid";
  /** Names the event kind and field at fault, never their content. */
  reason: string;
}

export type UnknownServerEvent = UnknownEvent;
export type InvalidServerEvent = InvalidEvent;
export type ParsedServerEvent = ServerEvent | UnknownServerEvent | InvalidServerEvent;
export type ParsedClientEvent = ClientEvent | UnknownEvent | InvalidEvent;

/** An unknown `type` is echoed back for counting; a hostile peer must not make it arbitrarily long. */
export const MAX_REPORTED_TYPE_LENGTH = 64;
