// Identifiers that look like the service's own: an opaque unsigned-JWT-like incomingCallContext (the real
// one starts `eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.` and is several KB), a base64 serverCallId that encodes
// a conversation URL, and GUID call connection / correlation ids.
import { randomBytes, randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";

export interface IdSource {
  uuid(): string;
  bytes(length: number): Buffer;
}

export const randomIds: IdSource = { uuid: randomUUID, bytes: randomBytes };

const NONE_JWT_HEADER = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");

export function newIncomingCallContext(ids: IdSource, correlationId: string): string {
  // Opaque to the application: gzip of call-routing state plus entropy, like the real `cc` claim.
  const state = gzipSync(JSON.stringify({ correlationId, routing: ids.bytes(96).toString("base64") }));
  const claims = {
    cc: Buffer.concat([state, ids.bytes(1024)]).toString("base64"),
    shrToken: ids.bytes(256).toString("base64url"),
  };
  return `${NONE_JWT_HEADER}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;
}

export function newServerCallId(ids: IdSource): string {
  const conversation = ids.bytes(16).toString("base64url");
  const url = `https://api.flightproxy.skype.com/api/v2/cp/conv-local-01.conv.skype.com/conv/${conversation}?i=10-0-0-1&e=${Date.now()}`;
  return Buffer.from(url).toString("base64");
}
