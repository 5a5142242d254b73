// Maps a Route onto an @azure/functions v4 HTTP handler, using only the documented HttpRequest API.
import { errorLabel } from "@acs-voice/shared";
import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { errorResponse } from "./http/responses.js";
import type { Route, RouteResponse } from "./http/route.js";
import type { Job } from "./jobs/job.js";
import type { LogFields, Logger } from "./logging/logger.js";

/** Assignable to @azure/functions' HttpHandler. */
export type AzureHttpHandler = (
  request: HttpRequest,
  context: InvocationContext,
) => Promise<HttpResponseInit>;

export function toAzureHandler(route: Route): AzureHttpHandler {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const log = invocationLogger(context);
    try {
      const body = await readBounded(request, route.maxBodyBytes + 1);
      const response = await route.handle(
        {
          method: request.method.toUpperCase(),
          url: new URL(request.url),
          header: (name) => request.headers.get(name) ?? undefined,
          body,
        },
        { log },
      );
      return toHttpResponseInit(response);
    } catch (error) {
      log.error("unhandled error", {
        route: route.name,
        error: errorLabel(error),
      });
      return toHttpResponseInit(errorResponse(500, "internal-error", "internal error"));
    }
  };
}

/** Assignable to @azure/functions' TimerHandler: a job's failure is logged, never thrown to the host. */
export function toAzureTimerHandler(job: Job): (timer: unknown, context: InvocationContext) => Promise<void> {
  return async (_timer, context) => {
    const log = invocationLogger(context);
    try {
      await job.run({ log });
    } catch (error) {
      log.error("job failed", { job: job.name, error: errorLabel(error) });
    }
  };
}

function toHttpResponseInit(response: RouteResponse): HttpResponseInit {
  if (response.json !== undefined) {
    return { status: response.status, headers: { ...response.headers }, jsonBody: response.json };
  }
  if (response.text !== undefined) {
    return { status: response.status, headers: { ...response.headers }, body: response.text };
  }
  if (response.bytes !== undefined) {
    return { status: response.status, headers: { ...response.headers }, body: response.bytes };
  }
  return { status: response.status, headers: { ...response.headers } };
}

/** Reads at most `limit` bytes of the body stream, then cancels it. */
async function readBounded(request: HttpRequest, limit: number): Promise<Uint8Array> {
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      const chunk = value instanceof Uint8Array ? value : new Uint8Array(value as ArrayBuffer);
      chunks.push(chunk);
      total += chunk.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks, Math.min(total, limit));
}

function invocationLogger(context: InvocationContext): Logger {
  const line = (message: string, fields?: LogFields) =>
    fields === undefined ? message : `${message} ${JSON.stringify(fields)}`;
  return {
    info: (message, fields) => context.info(line(message, fields)),
    warn: (message, fields) => context.warn(line(message, fields)),
    error: (message, fields) => context.error(line(message, fields)),
  };
}
