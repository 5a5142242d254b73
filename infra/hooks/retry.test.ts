import { describe, expect, it } from "vitest";
import { RetriesExhaustedError, retry } from "./retry.js";

function options(isRetryable: (error: unknown) => boolean = () => true) {
  const sleeps: number[] = [];
  const retries: number[] = [];
  return {
    sleeps,
    retries,
    options: {
      maxAttempts: 3,
      delayMs: 7,
      sleep: async (ms: number) => {
        sleeps.push(ms);
      },
      isRetryable,
      onRetry: (attempt: number) => retries.push(attempt),
    },
  };
}

describe("retry", () => {
  it("returns the first success", async () => {
    const run = options();
    let calls = 0;
    expect(
      await retry(async () => (++calls < 3 ? Promise.reject(new Error("not yet")) : "done"), run.options),
    ).toBe("done");
    expect(run.sleeps).toEqual([7, 7]);
    expect(run.retries).toEqual([1, 2]);
  });

  it("stops at maxAttempts with the last error", async () => {
    const run = options();
    const error = await retry(() => Promise.reject(new Error("still not")), run.options).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect((error as RetriesExhaustedError).attempts).toBe(3);
    expect(((error as RetriesExhaustedError).lastError as Error).message).toBe("still not");
  });

  it("rethrows a non-retryable error at once", async () => {
    const run = options(() => false);
    const error = await retry(() => Promise.reject(new Error("bad request")), run.options).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toBe("bad request");
    expect(run.sleeps).toEqual([]);
  });
});
