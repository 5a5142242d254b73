// An independent implementation of the ACS access-key signature (research/acs.md §1), for requests the
// SDK would refuse to send: missing fields, tampered bodies, stale dates.
import { createHash, createHmac } from "node:crypto";

export interface SignedFetchOptions {
  method: string;
  /** Path and query, e.g. `/calling/callConnections:answer?api-version=2026-03-12`. */
  pathAndQuery: string;
  body?: string;
  accessKey: string;
  /** Send this body instead of the signed one (tampering). */
  sentBody?: string;
  /** Send to this path instead of the signed one (replay elsewhere). */
  sentPathAndQuery?: string;
  date?: Date;
}

export async function signedFetch(baseUrl: string, options: SignedFetchOptions): Promise<Response> {
  const url = new URL(options.pathAndQuery, baseUrl);
  const body = options.body ?? "";
  const date = (options.date ?? new Date()).toUTCString();
  const contentHash = createHash("sha256").update(body).digest("base64");
  const stringToSign = `${options.method}\n${url.pathname}${url.search}\n${date};${url.host};${contentHash}`;
  const signature = createHmac("sha256", Buffer.from(options.accessKey, "base64"))
    .update(stringToSign)
    .digest("base64");
  const sent = options.sentBody ?? options.body;
  return fetch(new URL(options.sentPathAndQuery ?? options.pathAndQuery, baseUrl), {
    method: options.method,
    headers: {
      "content-type": "application/json",
      "x-ms-date": date,
      "x-ms-content-sha256": contentHash,
      authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
    },
    ...(sent === undefined ? {} : { body: sent }),
  });
}
