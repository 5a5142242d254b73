// A tiny node:http webhook that plays the application's side: it answers the Event Grid handshakes the
// documented way, records every request it receives, and lets a test choose the status per request.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  text: string;
  json: unknown;
  receivedAtMs: number;
}

export interface TestWebhook {
  url: string;
  received: ReceivedRequest[];
  /** Status for the next Notification/callback POSTs, in order; 200 once the list is used up. */
  statuses: number[];
  /** Most requests that were being handled at the same time. */
  readonly maxInFlight: number;
  /** Resolves when `count` requests matching `predicate` have arrived. */
  waitFor(
    predicate: (r: ReceivedRequest) => boolean,
    count?: number,
    timeoutMs?: number,
  ): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startTestWebhook(
  options: { delayMs?: number; rejectHandshake?: boolean } = {},
): Promise<TestWebhook> {
  const received: ReceivedRequest[] = [];
  const statuses: number[] = [];
  const listeners = new Set<() => void>();
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer(async (req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on("finish", () => inFlight--);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const record = {
      method: req.method ?? "",
      path: req.url ?? "",
      headers: req.headers,
      text,
      json,
      receivedAtMs: Date.now(),
    };
    received.push(record);
    for (const listener of [...listeners]) listener();
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));

    if (req.method === "OPTIONS") {
      if (!options.rejectHandshake)
        res.setHeader("WebHook-Allowed-Origin", String(req.headers["webhook-request-origin"]));
      res.writeHead(200).end();
      return;
    }
    if (req.headers["aeg-event-type"] === "SubscriptionValidation") {
      const code = (json as Array<{ data: { validationCode: string } }>)[0]?.data.validationCode;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ validationResponse: options.rejectHandshake ? "nope" : code }));
      return;
    }
    res.writeHead(statuses.shift() ?? 200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    statuses,
    get maxInFlight() {
      return maxInFlight;
    },
    waitFor(predicate, count = 1, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const matching = received.filter(predicate);
          if (matching.length < count) return false;
          listeners.delete(listener);
          clearTimeout(timer);
          resolve(matching);
          return true;
        };
        const listener = () => void check();
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`webhook: fewer than ${count} matching requests within ${timeoutMs} ms`));
        }, timeoutMs);
        listeners.add(listener);
        check();
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
