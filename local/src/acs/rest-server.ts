// The emulator's HTTP listener: reads each request (bounded), hands it to the router, records it for
// tests, and writes the JSON answer. Binds 127.0.0.1 on a free port only.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RestRequest, RestResponse } from "./rest-router.js";

export const MAX_RECORDED_REQUESTS = 10_000;
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body; undefined when empty or not JSON. */
  body: unknown;
  status: number;
  receivedAtMs: number;
}

export interface RestServer {
  /** http://127.0.0.1:N */
  readonly url: string;
  /** Most recent MAX_RECORDED_REQUESTS requests, oldest first. */
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startRestServer(
  route: (request: RestRequest) => Promise<RestResponse>,
  now: () => number,
): Promise<RestServer> {
  const requests: RecordedRequest[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAtMs = now();
    const rawUrl = req.url ?? "/";
    const method = req.method ?? "GET";
    let response: RestResponse;
    try {
      const body = await readBody(req);
      if (body === undefined) {
        res.setHeader("connection", "close"); // the rest of the oversized body is not read
        response = {
          status: 413,
          body: { error: { code: "RequestEntityTooLarge", message: "Request body too large." } },
        };
      } else {
        response = await route({ method, rawUrl, headers: req.headers, body });
      }
    } catch {
      if (req.destroyed) return; // the client went away mid-request
      response = { status: 500, body: { error: { code: "9999", message: "Unexpected emulator error." } } };
    }

    const url = new URL(rawUrl, "http://emulator.invalid");
    requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      body: response.parsedBody,
      status: response.status,
      receivedAtMs,
    });
    if (requests.length > MAX_RECORDED_REQUESTS) requests.shift();

    const clientRequestId = req.headers["x-ms-client-request-id"];
    if (typeof clientRequestId === "string") res.setHeader("x-ms-client-request-id", clientRequestId);
    if (response.body === undefined) {
      res.writeHead(response.status).end();
    } else {
      res.writeHead(response.status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(response.body));
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The request body, or undefined when it exceeds MAX_REQUEST_BODY_BYTES. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > MAX_REQUEST_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
