// The outbound HTTP the emulator makes towards the application (Event Grid deliveries, callbacks).
// Injected so tests can observe or fail it; the default uses fetch with a timeout on every request.

export interface WebhookRequest {
  method: "POST" | "OPTIONS";
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Aborts the request early (the emulator closing). */
  signal?: AbortSignal;
}

export interface WebhookResponse {
  status: number;
  headers: Headers;
  /** At most `MAX_RESPONSE_CHARS` of the response body. */
  bodyText: string;
}

export type WebhookClient = (request: WebhookRequest) => Promise<WebhookResponse>;

const MAX_RESPONSE_CHARS = 64 * 1024;

export const fetchWebhookClient: WebhookClient = async (request) => {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal
      ? AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs)])
      : AbortSignal.timeout(request.timeoutMs),
    redirect: "manual",
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, bodyText: text.slice(0, MAX_RESPONSE_CHARS) };
};

/** A failure description safe to record: the error class and code, never the URL or body. */
export function describeWebhookError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: unknown } }).cause;
    const code = cause && typeof cause.code === "string" ? ` (${cause.code})` : "";
    return `${error.name}${code}`;
  }
  return "unknown error";
}
