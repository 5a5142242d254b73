// CommunicationIdentifierModel as ACS puts it on the wire (Event Grid `from`/`to`, callback
// `participants[].identifier`): phone numbers as `4:+E164`, ACS users as `8:acs:<resource>_<id>`.
import { randomUUID } from "node:crypto";

export type CommunicationIdentifierModel =
  | { kind: "phoneNumber"; rawId: string; phoneNumber: { value: string } }
  | { kind: "communicationUser"; rawId: string; communicationUser: { id: string } };

/** Accepts `+14255550123`, `4:+14255550123` or an ACS user raw id `8:acs:...`. */
export function identifierFromString(value: string): CommunicationIdentifierModel {
  if (value.startsWith("8:"))
    return { kind: "communicationUser", rawId: value, communicationUser: { id: value } };
  const phone = value.startsWith("4:") ? value.slice(2) : value;
  return { kind: "phoneNumber", rawId: `4:${phone}`, phoneNumber: { value: phone } };
}

/** A raw id from a wire identifier, whatever kind it is (the SDK may omit rawId on requests). */
export function rawIdOf(model: unknown): string | undefined {
  if (typeof model !== "object" || model === null) return undefined;
  const record = model as Record<string, unknown>;
  if (typeof record.rawId === "string") return record.rawId;
  const phone = record.phoneNumber as { value?: unknown } | undefined;
  if (phone && typeof phone.value === "string") return `4:${phone.value}`;
  const user = record.communicationUser as { id?: unknown } | undefined;
  if (user && typeof user.id === "string") return user.id;
  return undefined;
}

/** The bot's own identity in a call, as ACS would mint it for the resource. */
export function newBotIdentifier(resourceId: string): CommunicationIdentifierModel {
  return identifierFromString(`8:acs:${resourceId}_${randomUUID()}`);
}
