// A bounded retry for the hooks: Azure answers "not yet" for a while after a resource or a role assignment is
// created (403 until a role propagates, 404 until a function is indexed), and a first `azd up` must wait that
// out instead of failing. Time comes in through `sleep` so tests run instantly.

export interface RetryOptions {
  /** Total attempts, the first included. */
  maxAttempts: number;
  delayMs: number;
  sleep(ms: number): Promise<void>;
  /** False stops at once: waiting cannot fix it. */
  isRetryable(error: unknown): boolean;
  /** Called before each wait, with the attempt that just failed. */
  onRetry(attempt: number, error: unknown): void;
}

export class RetriesExhaustedError extends Error {
  override readonly name = "RetriesExhaustedError";
  constructor(
    readonly attempts: number,
    readonly lastError: unknown,
  ) {
    super(`gave up after ${attempts} attempt(s)`);
  }
}

/**
 * Runs `attempt` until it resolves. Rethrows a non-retryable error as it is; after `maxAttempts` retryable
 * failures throws RetriesExhaustedError carrying the last one.
 */
export async function retry<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!options.isRetryable(error)) throw error;
      if (n >= options.maxAttempts) throw new RetriesExhaustedError(n, error);
      options.onRetry(n, error);
      await options.sleep(options.delayMs);
    }
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
