// The one safe label of a caught error for logs. Messages are never used: a library's message can quote a
// URL with its query string (tokens, tickets), a response body, or the phone number a request named.

/** A class name or a code as libraries write them; anything else (text, URLs, numbers) is not shown. */
const TOKEN = /^[A-Za-z_$][\w$.-]{0,63}$/;

/**
 * The error's class name and, when it carries one, its stable code: Node's system errors (`ECONNREFUSED`,
 * also as the `cause` of a failed fetch), the Azure SDKs' RestError (`TableNotFound`, with its HTTP status)
 * and our own coded errors. A value that is not an Error is named by its type only.
 *
 * `errorLabel(new RestError(...))` is `RestError:TableNotFound:404`; a plain `Error` is `Error`.
 */
export function errorLabel(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const name = TOKEN.test(error.name) ? error.name : "Error";
  const code = codeOf(error) ?? codeOf(error.cause);
  const status = statusOf(error);
  return [name, code, status].filter((part) => part !== undefined).join(":");
}

function codeOf(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || !("code" in value)) return undefined;
  return typeof value.code === "string" && TOKEN.test(value.code) ? value.code : undefined;
}

function statusOf(error: Error): string | undefined {
  const status = "statusCode" in error ? error.statusCode : undefined;
  return typeof status === "number" && Number.isInteger(status) && status >= 100 && status <= 599
    ? String(status)
    : undefined;
}
