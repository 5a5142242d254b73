// Delivers mid-call callbacks: POST of a one-element CloudEvent array with `Authorization: Bearer <JWT>`.
// Callbacks for one call are sent one after another, in the order the call produced them, like the
// service's per-call event stream.
import type { CallbackEventType } from "./payloads/callback-events.js";
import type { TokenIssuer, TokenKind } from "./token-issuer.js";
import { describeWebhookError, type WebhookClient } from "./webhook-client.js";

export const CALLBACK_TIMEOUT_MS = 10_000;

export interface SentCallback {
  type: CallbackEventType;
  url: string;
  /** Exactly what was POSTed (parsed back from the JSON text). */
  body: unknown[];
  tokenKind: TokenKind | "custom";
  /** HTTP status of the application's answer, undefined when the request failed. */
  status: number | undefined;
  error?: string;
  sentAtMs: number;
}

export interface CallbackSendOptions {
  /** Which token to attach (default "valid"), or an exact Authorization token to use. */
  token?: TokenKind | { raw: string };
}

export class CallbackSender {
  constructor(
    private readonly deps: {
      tokens: TokenIssuer;
      client: WebhookClient;
      now: () => number;
      timeoutMs?: number;
    },
  ) {}

  async send(
    url: string,
    type: CallbackEventType,
    body: unknown[],
    options: CallbackSendOptions = {},
  ): Promise<SentCallback> {
    const requested = options.token ?? "valid";
    const token = typeof requested === "string" ? await this.deps.tokens.mint(requested) : requested.raw;
    const text = JSON.stringify(body);
    const record: SentCallback = {
      type,
      url,
      body: JSON.parse(text) as unknown[],
      tokenKind: typeof requested === "string" ? requested : "custom",
      status: undefined,
      sentAtMs: this.deps.now(),
    };
    try {
      const response = await this.deps.client({
        method: "POST",
        url,
        headers: { "content-type": "application/json; charset=utf-8", authorization: `Bearer ${token}` },
        body: text,
        timeoutMs: this.deps.timeoutMs ?? CALLBACK_TIMEOUT_MS,
      });
      record.status = response.status;
    } catch (error) {
      record.error = describeWebhookError(error);
    }
    return record;
  }
}
