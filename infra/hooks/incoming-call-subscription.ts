// The Event Grid subscription that delivers ACS IncomingCall events to POST /api/incomingCall.
//
// Why a hook and not Bicep: Event Grid validates a WebHook endpoint when the subscription is created
// (it POSTs a SubscriptionValidationEvent and expects the code back), and ARM checks an AzureFunction
// endpoint exists; both only work after `azd deploy` put the code there.
//
// Why WebHook and not the AzureFunction endpoint type: /api/incomingCall is an HTTP trigger that answers
// the validation handshake itself, so the same route table runs unchanged in the local dev host and the
// emulators (an Event Grid trigger binding exists only inside the Functions host). Its authLevel is
// `function`, so the URL carries the function's own key (not the host master key): Event Grid keeps the
// full URL write-only (reads return only endpointBaseUrl, without the query), and the key never reaches
// a log or an output here.
//
// The retry policy is deliberately short: an IncomingCall delivered a minute late cannot be answered any
// more (the caller has hung up), and retrying only stacks up stale work.
import type { EventSubscription } from "@azure/arm-eventgrid";

export const INCOMING_CALL_EVENT_TYPE = "Microsoft.Communication.IncomingCall";
export const INCOMING_CALL_FUNCTION = "incomingCall";
export const SUBSCRIPTION_NAME = "incoming-call-to-functions";

/** Event Grid's StringIn advanced filter takes at most 25 values. */
export const MAX_FILTERED_NUMBERS = 25;

/**
 * The subscription, filtered on the bot's numbers when they are known: an ACS resource delivers every
 * IncomingCall to every subscription, so without the filter the bot would answer calls meant for another
 * app on the resource, and a transfer to another of its numbers would loop back into it.
 */
export function incomingCallSubscription(
  functionAppUrl: string,
  functionKey: string,
  botNumbers: readonly string[] = [],
): EventSubscription {
  const url = new URL(`/api/${INCOMING_CALL_FUNCTION}`, functionAppUrl);
  url.searchParams.set("code", functionKey);
  return {
    destination: {
      endpointType: "WebHook",
      endpointUrl: url.toString(),
      maxEventsPerBatch: 1,
      preferredBatchSizeInKilobytes: 64,
    },
    filter: {
      // Written out (not the constant) so that `npm run lint:infra` can see the filter.
      includedEventTypes: ["Microsoft.Communication.IncomingCall"],
      // More numbers than the filter takes: no filter here, the function checks BOT_PHONE_NUMBERS itself.
      ...(botNumbers.length > 0 && botNumbers.length <= MAX_FILTERED_NUMBERS
        ? {
            advancedFilters: [
              {
                operatorType: "StringIn",
                key: "data.to.PhoneNumber.Value",
                values: [...botNumbers],
              },
            ],
          }
        : {}),
    },
    eventDeliverySchema: "EventGridSchema",
    retryPolicy: {
      maxDeliveryAttempts: 2,
      eventTimeToLiveInMinutes: 1,
    },
  };
}

export interface SubscriptionDeps {
  /** The `incomingCall` function's default key; throws while the function is not indexed yet. */
  getFunctionKey(): Promise<string>;
  /** Create-or-update (PUT): running it again replaces the subscription with the same body. */
  putSubscription(name: string, subscription: EventSubscription): Promise<void>;
  sleep(ms: number): Promise<void>;
  log(line: string): void;
}

export interface SubscriptionOptions {
  functionAppUrl: string;
  /** The numbers the bot answers (E.164); empty: every IncomingCall of the resource. */
  botNumbers?: readonly string[];
  /** Attempts before giving up; the function index usually lags a deploy by well under a minute. */
  maxAttempts?: number;
  retryDelayMs?: number;
}

export class SubscriptionSetupError extends Error {
  override readonly name = "SubscriptionSetupError";
}

/** Short, key-free description of a failure (SDK errors can quote the request URL, which holds the key). */
export function describeFailure(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
    const parts = [
      typeof code === "string" ? code : undefined,
      typeof statusCode === "number" ? `HTTP ${statusCode}` : undefined,
    ];
    const text = parts.filter(Boolean).join(", ");
    if (text) return text;
  }
  return error instanceof Error ? error.name : "unknown error";
}

/** Idempotent: fetches the key and PUTs the subscription, retrying while the function is not ready. */
export async function ensureIncomingCallSubscription(
  deps: SubscriptionDeps,
  options: SubscriptionOptions,
): Promise<void> {
  const maxAttempts = options.maxAttempts ?? 20;
  const retryDelayMs = options.retryDelayMs ?? 15_000;
  let lastFailure = "";
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    let stage = "reading the incomingCall function key";
    try {
      const key = await deps.getFunctionKey();
      stage = "creating the Event Grid subscription (Event Grid validates the endpoint)";
      const numbers = options.botNumbers ?? [];
      await deps.putSubscription(
        SUBSCRIPTION_NAME,
        incomingCallSubscription(options.functionAppUrl, key, numbers),
      );
      deps.log(
        `Event Grid: '${SUBSCRIPTION_NAME}' delivers ${INCOMING_CALL_EVENT_TYPE} ${numbers.length > 0 && numbers.length <= MAX_FILTERED_NUMBERS ? `for ${numbers.length} number(s) ` : "for every number of the resource "}to ${options.functionAppUrl}/api/${INCOMING_CALL_FUNCTION}`,
      );
      if (numbers.length > MAX_FILTERED_NUMBERS) {
        deps.log(
          `Event Grid: ${numbers.length} numbers are more than a filter takes (${MAX_FILTERED_NUMBERS}); the function answers only BOT_PHONE_NUMBERS itself.`,
        );
      }
      return;
    } catch (error) {
      lastFailure = `${stage}: ${describeFailure(error)}`;
      if (attempt < maxAttempts) {
        deps.log(
          `Event Grid: attempt ${attempt}/${maxAttempts} failed (${lastFailure}); the function may still be starting, retrying in ${Math.round(retryDelayMs / 1000)} s`,
        );
        await deps.sleep(retryDelayMs);
      }
    }
  }
  throw new SubscriptionSetupError(
    `could not subscribe ${INCOMING_CALL_EVENT_TYPE} after ${maxAttempts} attempts (${lastFailure}). ` +
      "Check GET /api/health on the function app, then run `azd hooks run postdeploy`.",
  );
}
