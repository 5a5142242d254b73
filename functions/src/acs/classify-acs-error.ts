// Every ACS failure is classified here, once, into a stable code and whether repeating the request can
// help. The IncomingCall webhook turns `retryable` into "let Event Grid redeliver" (HTTP 503, claim
// released) and everything else into "done" (HTTP 200, claim kept), because:
//
// | ACS outcome                                   | code                 | retryable | why                                    |
// |-----------------------------------------------|----------------------|-----------|----------------------------------------|
// | 5xx                                           | acs-unavailable      | yes       | service side, transient                |
// | 429                                           | acs-throttled        | yes       | Event Grid backs off (10 s, 30 s, …)    |
// | 408, no response, socket/DNS error            | acs-unreachable      | yes       | the request may never have arrived     |
// | our own timeout (abort)                       | acs-timeout          | yes       | as above; if ACS did answer late, the retry's answer becomes a losing leg (487/10003), which beats a caller nobody answers |
// | 404 / 8522, 400 / 8501, 400 / 8528, 8586/8587, 4506, 409 | call-gone  | no        | call ended, answered elsewhere, or too late |
// | 401, 403                                      | acs-auth-failed      | no        | wrong key or missing role: needs a fix, not a retry |
// | other 4xx                                     | acs-rejected         | no        | the request itself is wrong            |
// | 2xx without callConnectionId, anything else    | acs-unexpected       | no        | a retry could answer the call twice    |

export type AcsFailureCode =
  | "acs-unavailable"
  | "acs-throttled"
  | "acs-unreachable"
  | "acs-timeout"
  | "call-gone"
  | "acs-auth-failed"
  | "acs-rejected"
  | "acs-unexpected";

export interface AcsFailure {
  code: AcsFailureCode;
  retryable: boolean;
  /** HTTP status from ACS, when there was a response. */
  statusCode: number | undefined;
  /** ACS sub-code (RestError.code, e.g. "8522"), when ACS sent one. */
  subCode: string | undefined;
}

// Documented sub-codes meaning the incoming call can no longer be answered (research/acs.md §5).
const CALL_GONE_SUBCODES = new Set(["8522", "8501", "8528", "8586", "8587", "4506", "10003"]);
const NETWORK_ERROR_CODES = new Set([
  "REQUEST_SEND_ERROR",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "UND_ERR_SOCKET",
]);

export function classifyAcsError(error: unknown): AcsFailure {
  const { name, statusCode, code } = errorShape(error);
  const failure = (failureCode: AcsFailureCode, retryable: boolean): AcsFailure => ({
    code: failureCode,
    retryable,
    statusCode,
    subCode: code !== undefined && /^\d+$/.test(code) ? code : undefined,
  });

  if (name === "AbortError" || name === "TimeoutError") return failure("acs-timeout", true);
  if (statusCode === undefined) {
    return code !== undefined && NETWORK_ERROR_CODES.has(code)
      ? failure("acs-unreachable", true)
      : failure("acs-unexpected", false);
  }
  if (statusCode >= 500) return failure("acs-unavailable", true);
  if (statusCode === 429) return failure("acs-throttled", true);
  if (statusCode === 408) return failure("acs-unreachable", true);
  if ((code !== undefined && CALL_GONE_SUBCODES.has(code)) || statusCode === 404 || statusCode === 409) {
    return failure("call-gone", false);
  }
  if (statusCode === 401 || statusCode === 403) return failure("acs-auth-failed", false);
  if (statusCode >= 400) return failure("acs-rejected", false);
  return failure("acs-unexpected", false);
}

function errorShape(error: unknown): {
  name: string | undefined;
  statusCode: number | undefined;
  code: string | undefined;
} {
  if (typeof error !== "object" || error === null)
    return { name: undefined, statusCode: undefined, code: undefined };
  const record = error as Record<string, unknown>;
  return {
    name: typeof record.name === "string" ? record.name : undefined,
    statusCode: typeof record.statusCode === "number" ? record.statusCode : undefined,
    code: typeof record.code === "string" ? record.code : undefined,
  };
}
